import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { createLogger } from '../../adapters/telemetry';
import { createGraphqlHandler } from '../../lambdas/graphql';
import { createApi, createRequestContext, type Api } from '../../resolvers/context';
import { createDb } from '../../store/db';
import { TEST_SECRET } from '../support/harness';
import { httpApiEvent } from '../support/lambda-events';

/** An Api over a table that does not exist: every read fails inside the server. */
function brokenApi(): Api {
  return createApi({
    db: createDb({
      endpoint: process.env.TEST_DYNAMODB_ENDPOINT ?? '',
      table: 'no-such-table-for-ada',
    }),
    tokens: { kind: 'local', secret: TEST_SECRET },
    logger: createLogger('INFO', 'test-service'),
  });
}

function event(requestId: string) {
  return httpApiEvent(JSON.stringify({ query: '{ notice(id: "website") { title } }' }), {
    requestId,
  });
}

describe('an internal error', () => {
  it('is masked for the caller and logged by kind under the request id', async () => {
    const written: string[] = [];
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(chunk.toString());
      return true;
    });
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written.push(chunk.toString());
      return true;
    });
    let answer: APIGatewayProxyStructuredResultV2;
    try {
      answer = (await createGraphqlHandler(brokenApi())(
        event('request-42'),
        {} as Context,
        () => undefined,
      )) as APIGatewayProxyStructuredResultV2;
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }

    const body = JSON.parse(answer.body ?? '');
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: 'Internal server error',
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      }),
    ]);
    const logged = written
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    expect(logged).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        message: 'Internal error',
        correlation_id: 'request-42',
        error: expect.objectContaining({ name: 'ResourceNotFoundException' }),
      }),
    ]);
    expect(written.join('')).not.toContain('no-such-table');
  });
});

describe('a request id', () => {
  const api = brokenApi();
  const headers =
    (values: Record<string, string>) =>
    (name: string): string | undefined =>
      values[name];

  it.each<[string, Record<string, string>, RegExp]>([
    ['the caller’s X-Request-Id', { 'x-request-id': 'trace-7f3a' }, /^trace-7f3a$/],
    ['a new one when none is given', {}, /^[0-9a-f-]{36}$/],
    [
      'a new one for an X-Request-Id that is no id',
      { 'x-request-id': 'a b\nc' },
      /^[0-9a-f-]{36}$/,
    ],
  ])('is %s', async (_case, given, expected) => {
    const context = await createRequestContext(api, headers(given));
    expect(context.requestId).toMatch(expected);
  });
});
