// GraphQL Code Generator plugin: the merged schema as an exported SDL string,
// with the directives applied to fields (Apollo reads @cacheControl from them).
const { printSchemaWithDirectives } = require('@graphql-tools/utils');

module.exports = {
  plugin(schema) {
    return `// Generated from schema/*.graphql by npm run generate.\nexport const typeDefs = ${JSON.stringify(printSchemaWithDirectives(schema))};\n`;
  },
};
