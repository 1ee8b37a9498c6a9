import { auditServer } from 'graphql-http';
import { startTestServer, type TestServer } from '../support/harness';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('GraphQL over HTTP', () => {
  it('breaks no MUST of the graphql-http audit', async () => {
    const results = await auditServer({ url: server.url });
    const broken = results
      .filter((result) => result.status === 'error')
      .map((result) => `${result.name}: ${'reason' in result ? result.reason : ''}`);
    expect(broken).toEqual([]);
  });
});
