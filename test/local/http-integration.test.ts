import type { ApolloServer, BaseContext } from '@apollo/server';
import {
  defineIntegrationTestSuite,
  type CreateServerForIntegrationTests,
  type CreateServerForIntegrationTestsResult,
} from '@apollo/server-integration-testsuite';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { createLocalApp } from '../../local/http';

type SuiteConfig = Parameters<CreateServerForIntegrationTests>[0];
type SuiteServer = CreateServerForIntegrationTestsResult['server'];

/**
 * The suite checks that the server is its own version of @apollo/server
 * (5.5.0, pinned exactly), while the project runs 5.5.1: the server under test
 * is built from the suite's copy, so the suite checks our HTTP layer, not a
 * version skew. Once both versions match, this resolves to the project's copy.
 */
const { ApolloServer: SuiteApolloServer } = createRequire(
  require.resolve('@apollo/server-integration-testsuite'),
)('@apollo/server') as { ApolloServer: new (config: SuiteConfig) => SuiteServer };

/** The local server's Express app and HTTP server, around the suite's Apollo Server. */
const createServerAndGetUrl: CreateServerForIntegrationTests = async (config, options) => {
  const local = createLocalApp();
  const httpServer = createServer(local.app);
  const server = new SuiteApolloServer(config);
  await server.start();
  // Same shape as the project's ApolloServer; only the copy of the class differs.
  local.serveGraphql(server as unknown as ApolloServer<BaseContext>, async () =>
    options?.context ? options.context() : {},
  );
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
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
