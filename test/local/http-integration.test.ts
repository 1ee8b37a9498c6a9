import { ApolloServer, type BaseContext } from '@apollo/server';
import {
  defineIntegrationTestSuite,
  type CreateServerForIntegrationTests,
} from '@apollo/server-integration-testsuite';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalApp } from '../../local/http';

// The suite pins @apollo/server exactly and checks the server is that version:
// package.json pins the same one, so the suite tests our HTTP layer on our server.

/**
 * Listens on a free port below the range the system hands out for port 0.
 * One of the suite's tests takes such a port, closes it and expects nothing
 * to answer there; a server of ours given port 0 right after could get it.
 */
async function listenBelowEphemeralPorts(server: Server): Promise<void> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    const listening = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (listening) return;
  }
}

/** The local server's Express app and HTTP server, around the suite's Apollo Server. */
const createServerAndGetUrl: CreateServerForIntegrationTests = async (config, options) => {
  const local = createLocalApp();
  const httpServer = createServer(local.app);
  const server = new ApolloServer<BaseContext>(config);
  await server.start();
  local.serveGraphql(server, async () => (options?.context ? options.context() : {}));
  await listenBelowEphemeralPorts(httpServer);
  const { port } = httpServer.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}/graphql`,
    // As local/main.ts stops it.
    extraCleanup: async () => {
      const closed = new Promise((resolve) => httpServer.close(resolve));
      httpServer.closeAllConnections();
      await closed;
    },
  };
};

// Express writes each chunk of an incremental (multipart) answer as it comes,
// and the server is started before it serves: the suite's defaults hold.
defineIntegrationTestSuite(createServerAndGetUrl, {
  serverIsStartedInBackground: false,
  noIncrementalDelivery: false,
});
