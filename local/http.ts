import { HeaderMap, type ApolloServer } from '@apollo/server';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequestContext, type Api, type RequestContext } from '../resolvers/context';

const GRAPHQL_PATH = '/graphql';
const MAX_BODY_BYTES = 1_000_000;

/** Frontends served from other origins call the API from the browser. */
const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers':
    'authorization, content-type, accept, sec-gpc, apollo-require-preflight, x-apollo-operation-name',
  'access-control-max-age': '600',
};

class BodyTooLarge extends Error {}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json', ...CORS_HEADERS });
  response.end(JSON.stringify(body));
}

/** Apollo parses JSON bodies only when they are JSON; anything else reaches it as text. */
function parsedBody(headers: HeaderMap, text: string): unknown {
  if (!headers.get('content-type')?.includes('json')) return text;
  return text === '' ? undefined : JSON.parse(text);
}

export interface LocalHttpServer {
  server: Server;
  /** Until ready, /health and /graphql answer 503. */
  markReady(api: Api, apollo: ApolloServer<RequestContext>): void;
}

/** The local HTTP server: /health, and /graphql through the same Apollo Server Lambda uses. */
export function createLocalHttpServer(): LocalHttpServer {
  let ready: { api: Api; apollo: ApolloServer<RequestContext> } | null = null;

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method === 'OPTIONS') {
      response.writeHead(204, CORS_HEADERS);
      response.end();
      return;
    }
    if (url.pathname === '/health') {
      send(response, ready ? 200 : 503, { status: ready ? 'ok' : 'starting' });
      return;
    }
    if (url.pathname === '/') {
      response.writeHead(302, { location: GRAPHQL_PATH });
      response.end();
      return;
    }
    if (url.pathname !== GRAPHQL_PATH) {
      send(response, 404, { error: 'Not found: GraphQL is served at /graphql' });
      return;
    }
    if (!ready) {
      send(response, 503, { errors: [{ message: 'The API is starting' }] });
      return;
    }
    const { api, apollo } = ready;
    try {
      const headers = new HeaderMap();
      for (const [name, value] of Object.entries(request.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      let body: unknown;
      try {
        body = parsedBody(headers, await readBody(request));
      } catch (error) {
        const tooLarge = error instanceof BodyTooLarge;
        send(response, tooLarge ? 413 : 400, {
          errors: [
            { message: tooLarge ? 'The request body is too large' : 'The body is not valid JSON' },
          ],
        });
        return;
      }
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: request.method ?? 'GET', headers, search: url.search, body },
        context: () => createRequestContext(api, (name) => headers.get(name)),
      });
      const responseHeaders: Record<string, string> = { ...CORS_HEADERS };
      for (const [name, value] of result.headers) responseHeaders[name] = value;
      response.writeHead(result.status ?? 200, responseHeaders);
      if (result.body.kind === 'complete') {
        response.end(result.body.string);
      } else {
        for await (const chunk of result.body.asyncIterator) response.write(chunk);
        response.end();
      }
    } catch (error) {
      console.error(
        JSON.stringify({
          level: 'ERROR',
          message: 'HTTP handler failed',
          name: (error as Error).name,
        }),
      );
      if (!response.headersSent)
        send(response, 500, { errors: [{ message: 'Internal server error' }] });
      else response.end();
    }
  });

  return {
    server,
    markReady(api, apollo) {
      ready = { api, apollo };
    },
  };
}
