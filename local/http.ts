import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { Logger } from '@aws-lambda-powertools/logger';
import cors from 'cors';
import express, {
  type ErrorRequestHandler,
  type Express,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { createLogger, errorFacts } from '../adapters/telemetry';
import {
  createRequestContext,
  type Api,
  type HeaderLookup,
  type RequestContext,
} from '../resolvers/context';
import {
  createResponseCache,
  type HttpAnswer,
  type ResponseCache,
} from '../resolvers/response-cache';
import type { WebConfig } from '../web/shared/config';
import { contentSecurityPolicy, PAGE_HEADERS } from '../web/headers';
import { NOTICE_VERSION_LINK, noticeVersionPage } from '../web/links';

const GRAPHQL_PATH = '/graphql';
const MAX_BODY_BYTES = 1_000_000;
const ALLOWED_ORIGIN = '*';

/** Frontends served from other origins call the API from the browser. */
const CORS_OPTIONS: cors.CorsOptions = {
  origin: ALLOWED_ORIGIN,
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

/** The built web pages (web/build.ts) and the settings they are given as /config.json. */
export interface LocalPages {
  dir: string;
  config: WebConfig;
}

export interface LocalHttpOptions {
  /** Where unexpected errors are reported (by name only); never to the caller. */
  logger?: Logger;
  /** Without them, `/` redirects to /graphql. */
  pages?: LocalPages;
}

/** Builds a request's context from its headers. */
export type ContextFromHeaders<TContext extends BaseContext> = (
  header: HeaderLookup,
) => Promise<TContext>;

export interface LocalApp {
  app: Express;
  /**
   * Until called, /health and /graphql answer 503. With `responses`, answers
   * get its caching headers and public GET answers are kept there.
   */
  serveGraphql<TContext extends BaseContext>(
    apollo: ApolloServer<TContext>,
    context: ContextFromHeaders<TContext>,
    responses?: ResponseCache,
  ): void;
}

/** The query string of a request's URL, with its `?`; empty when there is none. */
function searchOf(url: string): string {
  const start = url.indexOf('?');
  return start < 0 ? '' : url.slice(start);
}

function headerOf(request: IncomingMessage): HeaderLookup {
  return (name) => {
    const value = request.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  };
}

function send(response: ServerResponse, { status, headers, body }: HttpAnswer) {
  response.writeHead(
    status,
    status === 304 ? headers : { 'content-length': String(Buffer.byteLength(body)), ...headers },
  );
  response.end(body);
}

/**
 * /graphql through Apollo Server, as its Express integration serves it, with
 * the caching of `responses` around it.
 */
function graphqlHandler<TContext extends BaseContext>(
  apollo: ApolloServer<TContext>,
  context: ContextFromHeaders<TContext>,
  responses: ResponseCache | undefined,
): RequestHandler {
  return async (request: Request, response: Response) => {
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const method = request.method.toUpperCase();
    const search = searchOf(request.originalUrl);
    const handling = responses?.handle({ method, search, header: (name) => headers.get(name) });
    if (handling?.kind === 'answered') {
      send(response, handling.answer);
      return;
    }
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method, headers, search, body: request.body as unknown },
      context: () => context((name) => request.get(name)),
    });
    if (result.body.kind === 'chunked') {
      response.writeHead(result.status ?? 200, Object.fromEntries(result.headers));
      for await (const chunk of result.body.asyncIterator) response.write(chunk);
      response.end();
      return;
    }
    const answer = {
      status: result.status ?? 200,
      headers: Object.fromEntries(result.headers),
      body: result.body.string,
    };
    send(response, handling ? handling.finish(answer) : answer);
  };
}

/** An answer GraphQL never saw, shaped as its errors are: the contract's code beside the message. */
function sendErrors(response: Response, status: number, message: string) {
  const code = status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_USER_INPUT';
  response.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/** A 4xx error of the body parser, as the caller should see it; anything else is ours. */
function clientError(error: unknown): { status: number; message: string } | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
  const { status } = error;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  const type = 'type' in error && typeof error.type === 'string' ? error.type : '';
  return { status, message: BODY_ERRORS[type] ?? 'The request body could not be read' };
}

const PAGE_CSP = contentSecurityPolicy();

/** Hashed asset names never change content: kept for a year. The pages themselves are checked each time. */
const ASSET_MAX_AGE_MS = 365 * 24 * 60 * 60 * 1000;

function withPageHeaders(response: Response) {
  response.set({ 'content-security-policy': PAGE_CSP, ...PAGE_HEADERS });
}

/** The privacy centre at `/`, the admin desk at `/admin`, their assets and their /config.json. */
function servePages(app: Express, { dir, config }: LocalPages) {
  const page = (file: string) => (_request: Request, response: Response) => {
    withPageHeaders(response);
    response.set('cache-control', 'no-cache');
    response.sendFile(join(dir, file), (error) => {
      if (error && !response.headersSent) {
        response.status(503).json({ error: 'The web pages are not built: run npm run build:web' });
      }
    });
  };
  app.get('/', page('index.html'));
  app.get(['/admin', '/admin/'], page('admin/index.html'));
  app.get(NOTICE_VERSION_LINK, (request, response) => {
    const [, noticeId = '', version = ''] = NOTICE_VERSION_LINK.exec(request.path) ?? [];
    response.redirect(302, noticeVersionPage(noticeId, version));
  });
  app.get('/config.json', (_request, response) => {
    withPageHeaders(response);
    response.set('cache-control', 'no-cache').json(config);
  });
  app.use(
    '/assets',
    express.static(join(dir, 'assets'), {
      immutable: true,
      maxAge: ASSET_MAX_AGE_MS,
      index: false,
      redirect: false,
      setHeaders: (response) => {
        response.setHeader('content-security-policy', PAGE_CSP);
        for (const [name, value] of Object.entries(PAGE_HEADERS)) response.setHeader(name, value);
      },
    }),
  );
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
 * The local server's Express app: /health, the web pages (else `/`
 * redirecting to /graphql), and /graphql through whichever Apollo Server
 * `serveGraphql` mounts.
 */
export function createLocalApp(options: LocalHttpOptions = {}): LocalApp {
  const logger = options.logger ?? createLogger('INFO');
  let graphql: RequestHandler | null = null;

  const app = express();
  app.disable('x-powered-by');
  // Answers depend on the caller's token: only resolvers/response-cache.ts gives ETags, to public ones.
  app.disable('etag');
  app.use(cors(CORS_OPTIONS));
  app.all('/health', (_request, response) => {
    response.status(graphql ? 200 : 503).json({ status: graphql ? 'ok' : 'starting' });
  });
  if (options.pages) servePages(app, options.pages);
  else app.all('/', (_request, response) => response.redirect(GRAPHQL_PATH));
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
    serveGraphql(apollo, context, responses) {
      graphql = express
        .Router()
        .use(express.json({ limit: MAX_BODY_BYTES }), graphqlHandler(apollo, context, responses));
    },
  };
}

export interface LocalHttpServer {
  server: Server;
  /** Until ready, /health and /graphql answer 503. */
  markReady(api: Api, apollo: ApolloServer<RequestContext>): void;
}

/**
 * A public GET of /graphql answered from memory, before Express: a kept
 * answer costs no more than writing it. False when Express must answer.
 */
function answeredFromMemory(
  responses: ResponseCache,
  request: IncomingMessage,
  response: ServerResponse,
): boolean {
  const url = request.url ?? '';
  const search = searchOf(url);
  if (request.method !== 'GET' || url.slice(0, url.length - search.length) !== GRAPHQL_PATH) {
    return false;
  }
  const handling = responses.handle({ method: 'GET', search, header: headerOf(request) });
  if (handling.kind !== 'answered') return false;
  const { status, headers, body } = handling.answer;
  send(response, {
    status,
    headers: { ...headers, 'access-control-allow-origin': ALLOWED_ORIGIN },
    body,
  });
  return true;
}

/** The local HTTP server: /health, and /graphql through the same Apollo Server Lambda uses. */
export function createLocalHttpServer(options: LocalHttpOptions = {}): LocalHttpServer {
  const local = createLocalApp(options);
  let responses: ResponseCache | null = null;
  return {
    server: createServer((request, response) => {
      if (responses && answeredFromMemory(responses, request, response)) return;
      void local.app(request, response);
    }),
    markReady(api, apollo) {
      responses = createResponseCache(api.services);
      local.serveGraphql(apollo, (header) => createRequestContext(api, header), responses);
    },
  };
}
