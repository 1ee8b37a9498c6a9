/** The GraphQL endpoint on AWS: API Gateway HTTP API (payload v2) -> the shared Apollo Server. */
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import { createAuthenticator } from '../resolvers/authenticate';
import { createRequestContext, type Api } from '../resolvers/context';
import { createApolloServer } from '../resolvers/server';
import { servicesFromEnvironment } from './environment';

/** Builds the handler; the module's own `handler` is built from the function's environment. */
export function createGraphqlHandler(api: Api) {
  const server = createApolloServer({ sandbox: false });
  return startServerAndCreateLambdaHandler(
    server,
    handlers.createAPIGatewayProxyEventV2RequestHandler(),
    {
      context: ({ event }) =>
        createRequestContext(api, (name) => {
          const wanted = name.toLowerCase();
          const found = Object.entries(event.headers ?? {}).find(
            ([key]) => key.toLowerCase() === wanted,
          );
          return found?.[1];
        }),
    },
  );
}

function apiFromEnvironment(env: NodeJS.ProcessEnv): Api {
  const secret = env.PRIVACY_OPS_JWT_SECRET;
  return {
    services: servicesFromEnvironment(env),
    authenticate: createAuthenticator(
      secret
        ? { kind: 'local', secret }
        : {
            kind: 'cognito',
            userPoolId: env.COGNITO_USER_POOL_ID ?? '',
            clientIds: (env.COGNITO_CLIENT_IDS ?? '').split(',').filter(Boolean),
          },
    ),
  };
}

type GraphqlHandler = ReturnType<typeof createGraphqlHandler>;
let fromEnvironment: GraphqlHandler | undefined;

/** Built on the first invocation and kept for the life of the execution environment. */
export const handler: GraphqlHandler = (event, context, callback) => {
  fromEnvironment ??= createGraphqlHandler(apiFromEnvironment(process.env));
  return fromEnvironment(event, context, callback);
};
