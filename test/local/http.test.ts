import { createLogger } from '../../adapters/telemetry';
import type { ApolloServer } from '@apollo/server';
import { Logger } from '@aws-lambda-powertools/logger';
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
  type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalApp, createLocalHttpServer } from '../../local/http';
import type { RequestContext } from '../../resolvers/context';
import { createApolloServer } from '../../resolvers/server';
import { createTestApi, startTestServer, type TestServer } from '../support/harness';

const JSON_HEADERS = { 'content-type': 'application/json' };
const TYPENAME_QUERY = JSON.stringify({ query: '{ __typename }' });

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** The request went over a connection an earlier request had used. */
  reusedSocket: boolean;
}

interface Sent {
  method?: string;
  headers?: OutgoingHttpHeaders;
  /** Several parts go out chunked, one with a Content-Length. */
  body?: string | string[];
  agent?: Agent;
}

function send(url: string, sent: Sent = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      { method: sent.method ?? 'GET', headers: sent.headers, agent: sent.agent },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body,
            reusedSocket: request.reusedSocket,
          }),
        );
      },
    );
    request.on('error', reject);
    const parts = typeof sent.body === 'string' ? [sent.body] : (sent.body ?? []);
    for (const part of parts.slice(0, -1)) request.write(part);
    request.end(parts.at(-1));
  });
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server) {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

describe('the local HTTP server, once ready', () => {
  let server: TestServer;
  let origin: string;

  beforeAll(async () => {
    server = await startTestServer();
    origin = new URL(server.url).origin;
  });
  afterAll(() => server.close());

  // Twice the limit: a server that stops reading at the limit leaves the rest on the connection.
  const oversized = JSON.stringify({ query: '{ __typename }', padding: 'x'.repeat(2_000_000) });
  describe.each([
    ['with a Content-Length', oversized],
    ['chunked', [oversized.slice(0, 1_000_000), oversized.slice(1_000_000)]],
  ])('an oversized body sent %s', (_transfer, body) => {
    it('gets 413, and the next request on the same connection is served', async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        const refused = await send(server.url, {
          method: 'POST',
          headers: JSON_HEADERS,
          body,
          agent,
        });
        expect(refused.status).toBe(413);
        expect(JSON.parse(refused.body)).toEqual({
          errors: [
            { message: 'The request body is too large', extensions: { code: 'BAD_USER_INPUT' } },
          ],
        });

        const next = await send(server.url, {
          method: 'POST',
          headers: JSON_HEADERS,
          body: TYPENAME_QUERY,
          agent,
        });
        expect(next.reusedSocket).toBe(true);
        expect(next.status).toBe(200);
        expect(JSON.parse(next.body)).toEqual({ data: { __typename: 'Query' } });
      } finally {
        agent.destroy();
      }
    });
  });

  it('answers malformed JSON with 400 and a JSON error', async () => {
    const answer = await send(server.url, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: '{"query": ',
    });
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(answer.body)).toEqual({
      errors: [
        { message: 'Invalid JSON in the request body', extensions: { code: 'BAD_USER_INPUT' } },
      ],
    });
  });

  it('answers a body it cannot decode with its 4xx status and a JSON error', async () => {
    const answer = await send(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=klingon' },
      body: TYPENAME_QUERY,
    });
    expect(answer.status).toBe(415);
    expect(JSON.parse(answer.body)).toEqual({
      errors: [
        { message: 'The request body could not be read', extensions: { code: 'BAD_USER_INPUT' } },
      ],
    });
  });

  it('answers a CORS preflight from any origin', async () => {
    const answer = await send(server.url, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://frontend.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, sec-gpc',
      },
    });
    expect(answer.status).toBe(204);
    expect(answer.headers).toMatchObject({
      'access-control-allow-origin': '*',
      'access-control-max-age': '600',
    });
    expect(answer.headers['access-control-allow-methods']?.split(/,\s*/)).toEqual(
      expect.arrayContaining(['GET', 'POST', 'OPTIONS']),
    );
    expect(answer.headers['access-control-allow-headers']?.split(/,\s*/)).toEqual([
      'authorization',
      'content-type',
      'accept',
      'sec-gpc',
      'apollo-require-preflight',
      'x-apollo-operation-name',
    ]);
  });

  it('lets browsers read answers from other origins', async () => {
    const answer = await send(server.url, {
      method: 'POST',
      headers: { ...JSON_HEADERS, origin: 'https://frontend.example' },
      body: TYPENAME_QUERY,
    });
    expect(answer.headers['access-control-allow-origin']).toBe('*');
  });

  it('answers a plain GET query', async () => {
    const answer = await send(`${server.url}?query=${encodeURIComponent('{ __typename }')}`);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ data: { __typename: 'Query' } });
  });

  it('redirects / to /graphql', async () => {
    const answer = await send(`${origin}/`);
    expect(answer.status).toBe(302);
    expect(answer.headers.location).toBe('/graphql');
  });

  it('answers an unknown path with 404 and a JSON error', async () => {
    const answer = await send(`${origin}/nowhere`);
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body)).toEqual({ error: 'Not found: GraphQL is served at /graphql' });
  });

  it('names no framework in its headers', async () => {
    const answer = await send(`${origin}/health`);
    expect(answer.headers['x-powered-by']).toBeUndefined();
  });
});

describe('the local HTTP server, while the API starts', () => {
  it('answers 503 on /health and /graphql until marked ready, then serves both', async () => {
    const testApi = await createTestApi();
    const apollo = createApolloServer({ sandbox: false, logger: createLogger('SILENT') });
    const http = createLocalHttpServer();
    const origin = await listen(http.server);
    try {
      const starting = await send(`${origin}/health`);
      expect(starting.status).toBe(503);
      const early = await send(`${origin}/graphql`, {
        method: 'POST',
        headers: JSON_HEADERS,
        body: TYPENAME_QUERY,
      });
      expect(early.status).toBe(503);
      expect(JSON.parse(early.body)).toEqual({
        errors: [{ message: 'The API is starting', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
      });

      await apollo.start();
      http.markReady(testApi.api, apollo);

      const ready = await send(`${origin}/health`);
      expect(ready.status).toBe(200);
      expect(JSON.parse(ready.body)).toEqual({ status: 'ok' });
      const served = await send(`${origin}/graphql`, {
        method: 'POST',
        headers: JSON_HEADERS,
        body: TYPENAME_QUERY,
      });
      expect(JSON.parse(served.body)).toEqual({ data: { __typename: 'Query' } });
    } finally {
      await close(http.server);
      await apollo.stop();
    }
  });
});

describe('the local HTTP server, when something unexpected fails', () => {
  it('answers 500 in JSON without a stack and logs the kind of error, not its message', async () => {
    const logger = new Logger({ serviceName: 'http-test' });
    const logged = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    // A stand-in that fails outside Apollo's own error handling, as a broken integration would.
    const failing = {
      assertStarted: () => undefined,
      executeHTTPGraphQLRequest: () => Promise.reject(new TypeError('cannot read ada@example.org')),
    } as unknown as ApolloServer<RequestContext>;
    const local = createLocalApp({ logger });
    local.serveGraphql(failing, async () => ({}) as RequestContext);
    const server = createServer(local.app);
    const origin = await listen(server);
    try {
      const answer = await send(`${origin}/graphql`, {
        method: 'POST',
        headers: JSON_HEADERS,
        body: TYPENAME_QUERY,
      });
      expect(answer.status).toBe(500);
      expect(JSON.parse(answer.body)).toEqual({
        errors: [
          { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
        ],
      });
      expect(logged).toHaveBeenCalledWith('HTTP request failed', {
        error: expect.objectContaining({ name: 'TypeError' }),
      });
      expect(JSON.stringify(logged.mock.calls)).not.toContain('ada@example.org');
    } finally {
      await close(server);
    }
  });
});
