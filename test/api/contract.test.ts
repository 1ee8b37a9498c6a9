import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildClientSchema,
  buildSchema,
  extendSchema,
  findBreakingChanges,
  getIntrospectionQuery,
  parse,
  type IntrospectionQuery,
} from 'graphql';
import { typeDefs } from '../../resolvers';
import { startTestServer, type TestServer } from '../support/harness';

const CONTRACT_DIR = join(__dirname, '../../../shared/contract');
const SCHEMA_DIR = join(__dirname, '../../schema');
/** The additions of work that has landed, now contract like the rest. */
const LANDED_ADDITIONS = ['hardening.graphql', 'web.graphql', 'standards.graphql'];

const contract = LANDED_ADDITIONS.reduce(
  (schema, file) =>
    extendSchema(schema, parse(readFileSync(join(CONTRACT_DIR, 'additions', file), 'utf8'))),
  buildSchema(readFileSync(join(CONTRACT_DIR, 'schema.graphql'), 'utf8')),
);

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('the public contract', () => {
  it('is kept by the schema files read as they are, each type defined once', () => {
    // The served schema merges the files; an outside check reads them as one document.
    const files = readdirSync(SCHEMA_DIR).filter((file) => file.endsWith('.graphql'));
    const sdl = files.map((file) => readFileSync(join(SCHEMA_DIR, file), 'utf8')).join('\n');
    expect(findBreakingChanges(contract, buildSchema(sdl))).toEqual([]);
  });

  it('is kept by the schema files', () => {
    expect(findBreakingChanges(contract, buildSchema(typeDefs))).toEqual([]);
  });

  it('is kept by the schema the server serves', async () => {
    const response = await server.gql<IntrospectionQuery>(getIntrospectionQuery());
    expect(response.errors).toBeUndefined();
    const served = buildClientSchema(response.data as IntrospectionQuery);
    expect(findBreakingChanges(contract, served)).toEqual([]);
  });
});
