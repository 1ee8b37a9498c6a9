import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildClientSchema,
  buildSchema,
  findBreakingChanges,
  getIntrospectionQuery,
  type IntrospectionQuery,
} from 'graphql';
import { typeDefs } from '../../resolvers';
import { startTestServer, type TestServer } from '../support/harness';

const contract = buildSchema(
  readFileSync(join(__dirname, '../../../shared/contract/schema.graphql'), 'utf8'),
);

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('the public contract', () => {
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
