/**
 * privacySignals tells a page what its own request said (Sec-GPC), so the
 * answer must be the request's own: never kept by the server or a shared
 * cache for a request with other headers, locally or through the Lambda
 * handler.
 */
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { createGraphqlHandler } from '../../lambdas/graphql';
import { createPublishedNotice } from '../support/factories';
import { startTestServer, type TestServer } from '../support/harness';
import { httpApiEvent, httpApiGetEvent } from '../support/lambda-events';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const SIGNALS = `{ privacySignals { globalPrivacyControl } }`;

interface Answer {
  cacheControl: string | null;
  gpc: boolean | undefined;
}

async function viaHttp(query: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${server.url}?${new URLSearchParams({ query })}`, { headers });
  const body = (await response.json()) as {
    data?: { privacySignals?: { globalPrivacyControl: boolean } };
  };
  return {
    cacheControl: response.headers.get('cache-control'),
    gpc: body.data?.privacySignals?.globalPrivacyControl,
  };
}

describe('privacySignals', () => {
  it('says whether the request carried Sec-GPC: 1, and only 1 counts', async () => {
    expect((await viaHttp(SIGNALS, { 'sec-gpc': '1' })).gpc).toBe(true);
    expect((await viaHttp(SIGNALS)).gpc).toBe(false);
    expect((await viaHttp(SIGNALS, { 'sec-gpc': '0' })).gpc).toBe(false);
    const posted = await server.gql(SIGNALS);
    expect(posted.data).toEqual({ privacySignals: { globalPrivacyControl: false } });
  });

  it('gives GETs with and without the signal each their own answer, marked no-store, in either order', async () => {
    const answers = [
      await viaHttp(SIGNALS, { 'sec-gpc': '1' }),
      await viaHttp(SIGNALS),
      await viaHttp(SIGNALS, { 'sec-gpc': '1' }),
      await viaHttp(SIGNALS),
    ];
    expect(answers).toEqual([
      { cacheControl: 'no-store', gpc: true },
      { cacheControl: 'no-store', gpc: false },
      { cacheControl: 'no-store', gpc: true },
      { cacheControl: 'no-store', gpc: false },
    ]);
  });

  it('makes an answer that also reads the public notice no-store', async () => {
    const { noticeId } = await createPublishedNotice(server);
    const query = `{ notice(id: "${noticeId}") { current { number } } privacySignals { globalPrivacyControl } }`;
    expect(await viaHttp(query, { 'sec-gpc': '1' })).toEqual({
      cacheControl: 'no-store',
      gpc: true,
    });
    expect(await viaHttp(query)).toEqual({ cacheControl: 'no-store', gpc: false });
  });

  it('is answered alike through the Lambda handler', async () => {
    const handler = createGraphqlHandler(server.api);
    const call = async (event: ReturnType<typeof httpApiEvent>) => {
      const result = (await handler(
        event,
        {} as Context,
        () => undefined,
      )) as APIGatewayProxyStructuredResultV2;
      return {
        cacheControl: result.headers?.['cache-control'],
        gpc: JSON.parse(result.body ?? '{}').data?.privacySignals?.globalPrivacyControl,
      };
    };
    const search = new URLSearchParams({ query: SIGNALS }).toString();
    expect(await call(httpApiGetEvent(search, { headers: { 'sec-gpc': '1' } }))).toEqual({
      cacheControl: 'no-store',
      gpc: true,
    });
    expect(await call(httpApiGetEvent(search))).toEqual({ cacheControl: 'no-store', gpc: false });
    expect(
      await call(httpApiEvent(JSON.stringify({ query: SIGNALS }), { headers: { 'Sec-GPC': '1' } })),
    ).toEqual({ cacheControl: 'no-store', gpc: true });
  });
});
