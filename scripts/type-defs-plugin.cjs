// GraphQL Code Generator plugin: the merged schema as an exported SDL string.
const { printSchema } = require('graphql');

module.exports = {
  plugin(schema) {
    return `// Generated from schema/*.graphql by npm run generate.\nexport const typeDefs = ${JSON.stringify(printSchema(schema))};\n`;
  },
};
