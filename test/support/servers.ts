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
