/** The GraphQL endpoint on AWS: API Gateway HTTP API (payload v2) -> the shared Apollo Server. */
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import { KMSClient } from '@aws-sdk/client-kms';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { kmsSigningKey } from '../adapters/sign-in-tokens';
import { createNoticeCache } from '../domain/notice-cache';
import {
  createAuthenticator,
  createSignInTokens,
  type TokenSettings,
} from '../resolvers/authenticate';
import { createRequestContext, type Api, type HeaderLookup } from '../resolvers/context';
import { createResponseCache, type HttpAnswer } from '../resolvers/response-cache';
import { createApolloServer } from '../resolvers/server';
import { lambdaEntryPoint } from './runtime';
import { graphqlSettings, type TokenEnvironment } from './settings';

function headerOf(event: APIGatewayProxyEventV2): HeaderLookup {
  return (name) => {
    const wanted = name.toLowerCase();
    const found = Object.entries(event.headers ?? {}).find(([key]) => key.toLowerCase() === wanted);
    return found?.[1];
  };
}

function resultOf(answer: HttpAnswer): APIGatewayProxyStructuredResultV2 {
  return { statusCode: answer.status, headers: answer.headers, body: answer.body.toString() };
}

function answerOf(result: APIGatewayProxyStructuredResultV2): HttpAnswer {
  return {
    status: result.statusCode ?? 200,
    headers: Object.fromEntries(
      Object.entries(result.headers ?? {}).map(([name, value]) => [name, String(value)]),
    ),
    body: result.body ?? '',
  };
}

/**
 * Builds the handler; the module's own `handler` is built from the function's
 * settings. Public GET answers are kept for the life of the execution
 * environment (resolvers/response-cache.ts), as the local server keeps them.
 */
export function createGraphqlHandler(api: Api) {
  const server = createApolloServer({ sandbox: false, logger: api.logger });
  const responses = createResponseCache(api.services);
  return startServerAndCreateLambdaHandler(
    server,
    handlers.createAPIGatewayProxyEventV2RequestHandler(),
    {
      context: ({ event }) =>
        createRequestContext(api, headerOf(event), event.requestContext.requestId),
      middleware: [
        async (event) => {
          const handling = responses.handle({
            method: event.requestContext.http.method,
            search: event.rawQueryString,
            header: headerOf(event),
          });
          if (handling.kind === 'answered') return resultOf(handling.answer);
          return async (result) => {
            Object.assign(result, resultOf(handling.finish(answerOf(result))));
          };
        },
      ],
    },
  );
}

/** The tokens' settings with the sign-in key as a KMS client reaches it. */
function tokensOf(tokens: TokenEnvironment, kms: () => KMSClient): TokenSettings {
  if (tokens.kind === 'local') return tokens;
  const { issuer, keyId } = tokens.signIn;
  return { ...tokens, signIn: { issuer, key: kmsSigningKey(kms(), keyId) } };
}

export const handler = lambdaEntryPoint({
  name: 'graphql',
  settings: graphqlSettings,
  build: (settings, { services, telemetry }) => {
    const served = { ...services, noticeCache: createNoticeCache(settings.noticeCacheSeconds) };
    const tokens = tokensOf(settings.tokens, () =>
      telemetry.tracer.captureAWSv3Client(new KMSClient({ region: settings.db.region })),
    );
    const handle = createGraphqlHandler({
      services: served,
      authenticate: createAuthenticator(tokens, served),
      signInTokens: createSignInTokens(tokens, served.now),
      logger: telemetry.logger,
    });
    // The adapter's handler is async and never calls back.
    return (event: APIGatewayProxyEventV2, context) =>
      handle(event, context, () => undefined) as Promise<APIGatewayProxyStructuredResultV2>;
  },
  correlationId: (event) => event.requestContext.requestId,
});
