/** The GraphQL endpoint on AWS: API Gateway HTTP API (payload v2) -> the shared Apollo Server. */
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createAuthenticator } from '../resolvers/authenticate';
import { createRequestContext, type Api } from '../resolvers/context';
import { createApolloServer } from '../resolvers/server';
import { lambdaEntryPoint } from './runtime';
import { graphqlSettings } from './settings';

/** Builds the handler; the module's own `handler` is built from the function's settings. */
export function createGraphqlHandler(api: Api) {
  const server = createApolloServer({ sandbox: false, logger: api.logger });
  return startServerAndCreateLambdaHandler(
    server,
    handlers.createAPIGatewayProxyEventV2RequestHandler(),
    {
      context: ({ event }) =>
        createRequestContext(
          api,
          (name) => {
            const wanted = name.toLowerCase();
            const found = Object.entries(event.headers ?? {}).find(
              ([key]) => key.toLowerCase() === wanted,
            );
            return found?.[1];
          },
          event.requestContext.requestId,
        ),
    },
  );
}

export const handler = lambdaEntryPoint({
  name: 'graphql',
  settings: graphqlSettings,
  build: (settings, { services, telemetry }) => {
    const handle = createGraphqlHandler({
      services,
      authenticate: createAuthenticator(settings.tokens),
      logger: telemetry.logger,
    });
    // The adapter's handler is async and never calls back.
    return (event: APIGatewayProxyEventV2, context) =>
      handle(event, context, () => undefined) as Promise<APIGatewayProxyStructuredResultV2>;
  },
  correlationId: (event) => event.requestContext.requestId,
});
