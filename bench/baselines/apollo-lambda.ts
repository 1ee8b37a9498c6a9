/**
 * The benchmark's second baseline: Apollo Server and its Lambda adapter with
 * a trivial schema, bundled as the functions are. Like the functions off
 * Lambda, it builds its server on the first call, not while it loads.
 */
import { ApolloServer } from '@apollo/server';
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';

function createHandler() {
  const server = new ApolloServer({
    typeDefs: 'type Query { hello: String }',
    resolvers: { Query: { hello: () => 'world' } },
  });
  return startServerAndCreateLambdaHandler(
    server,
    handlers.createAPIGatewayProxyEventV2RequestHandler(),
  );
}

let handle: ReturnType<typeof createHandler> | undefined;

export const handler = (event: APIGatewayProxyEventV2, context: Context) => {
  handle ??= createHandler();
  return handle(event, context, () => undefined);
};
