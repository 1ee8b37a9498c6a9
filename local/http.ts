import type { ApolloServer, BaseContext } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import type { Logger } from '@aws-lambda-powertools/logger';
import cors from 'cors';
import express, {
  type ErrorRequestHandler,
  type Express,
  type RequestHandler,
  type Response,
} from 'express';
import { createServer, type Server } from 'node:http';
import { createLogger, errorFacts } from '../adapters/telemetry';
import {
  createRequestContext,
  type Api,
  type HeaderLookup,
  type RequestContext,
} from '../resolvers/context';

const GRAPHQL_PATH = '/graphql';
const MAX_BODY_BYTES = 1_000_000;

/** Frontends served from other origins call the API from the browser. */
const CORS_OPTIONS: cors.CorsOptions = {
  origin: '*',
  methods: ['GET', 'POST', 'OPTIONS'],
  allowedHeaders: [
    'authorization',
    'content-type',
    'accept',
    'sec-gpc',
    'apollo-require-preflight',
    'x-apollo-operation-name',
  ],
  maxAge: 600,
};

/** Body-parser's errors a caller may be told about, by the error's `type`. */
const BODY_ERRORS: Record<string, string> = {
  'entity.too.large': 'The request body is too large',
  'entity.parse.failed': 'Invalid JSON in the request body',
};

export interface LocalHttpOptions {
  /** Where unexpected errors are reported (by name only); never to the caller. */
  logger?: Logger;
}

/** Builds a request's context from its headers. */
export type ContextFromHeaders<TContext extends BaseContext> = (
  header: HeaderLookup,
) => Promise<TContext>;

export interface LocalApp {
  app: Express;
  /** Until called, /health and /graphql answer 503. */
  serveGraphql<TContext extends BaseContext>(
    apollo: ApolloServer<TContext>,
    context: ContextFromHeaders<TContext>,
  ): void;
}

function sendErrors(response: Response, status: number, message: string) {
  response.status(status).json({ errors: [{ message }] });
}

/** A 4xx error of the body parser, as the caller should see it; anything else is ours. */
function clientError(error: unknown): { status: number; message: string } | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
  const { status } = error;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  const type = 'type' in error && typeof error.type === 'string' ? error.type : '';
  return { status, message: BODY_ERRORS[type] ?? 'The request body could not be read' };
}

/** The last word on any error: JSON without a stack, unlike Express's default HTML page. */
function answerErrors(logger: Logger): ErrorRequestHandler {
  // Express knows an error handler by its four parameters, `_next` included.
  return (error: unknown, _request, response, _next) => {
    const refused = clientError(error);
    if (refused) {
      sendErrors(response, refused.status, refused.message);
      return;
    }
    logger.error('HTTP request failed', { error: errorFacts(error) });
    if (response.headersSent) response.end();
    else sendErrors(response, 500, 'Internal server error');
  };
}

/**
 * The local server's Express app: /health, `/` redirecting to /graphql, and
 * /graphql through whichever Apollo Server `serveGraphql` mounts.
 */
export function createLocalApp(options: LocalHttpOptions = {}): LocalApp {
  const logger = options.logger ?? createLogger('INFO');
  let graphql: RequestHandler | null = null;

  const app = express();
  app.disable('x-powered-by');
  // Answers depend on the caller's token: no validators that could turn one into a 304.
  app.disable('etag');
  app.use(cors(CORS_OPTIONS));
  app.all('/health', (_request, response) => {
    response.status(graphql ? 200 : 503).json({ status: graphql ? 'ok' : 'starting' });
  });
  app.all('/', (_request, response) => response.redirect(GRAPHQL_PATH));
  app.all(GRAPHQL_PATH, (request, response, next) => {
    if (graphql) return graphql(request, response, next);
    sendErrors(response, 503, 'The API is starting');
  });
  app.use((_request, response) => {
    response.status(404).json({ error: `Not found: GraphQL is served at ${GRAPHQL_PATH}` });
  });
  app.use(answerErrors(logger));

  return {
    app,
    serveGraphql(apollo, context) {
      graphql = express
        .Router()
        .use(
          express.json({ limit: MAX_BODY_BYTES }),
          expressMiddleware(apollo, { context: ({ req }) => context((name) => req.get(name)) }),
        );
    },
  };
}

export interface LocalHttpServer {
  server: Server;
  /** Until ready, /health and /graphql answer 503. */
  markReady(api: Api, apollo: ApolloServer<RequestContext>): void;
}

/** The local HTTP server: /health, and /graphql through the same Apollo Server Lambda uses. */
export function createLocalHttpServer(options: LocalHttpOptions = {}): LocalHttpServer {
  const local = createLocalApp(options);
  return {
    server: createServer(local.app),
    markReady(api, apollo) {
      local.serveGraphql(apollo, (header) => createRequestContext(api, header));
    },
  };
}
