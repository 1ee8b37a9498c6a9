import { startTestServer, type TestServer, type TestServerOptions } from './harness';

/**
 * Some behaviour reads the whole table: a fan-out tells every partner, the
 * retention job sweeps every event, the register lists every purpose. A test
 * of it gets a server over a table of its own, closed after the test, so that
 * no other test's data can change what it sees.
 */
export function serverPerTest(options: TestServerOptions = {}): () => Promise<TestServer> {
  const started: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((server) => server.close()));
  });
  return async () => {
    const server = await startTestServer(options);
    started.push(server);
    return server;
  };
}

/**
 * Two local servers over one table: two instances of the API, each with
 * caches of its own, as two Lambda instances are. Closed after the file's tests.
 */
export function twoInstancesOnOneTable(
  options: TestServerOptions = {},
): () => Promise<[TestServer, TestServer]> {
  const started: TestServer[] = [];
  afterAll(async () => {
    await Promise.all(started.splice(0).map((server) => server.close()));
  });
  return async () => {
    const first = await startTestServer(options);
    started.push(first);
    const second = await startTestServer({ ...options, db: first.db });
    started.push(second);
    return [first, second];
  };
}
