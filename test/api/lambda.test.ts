import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { createGraphqlHandler } from '../../lambdas/graphql';
import { createPublishedNotice, dataOf, unique } from '../support/factories';
import { startTestServer, tokenFor, type TestServer } from '../support/harness';
import { httpApiEvent, httpApiGetEvent } from '../support/lambda-events';
import { sections } from '../support/notices';

let server: TestServer;
let admin: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await tokenFor({ role: 'admin' });
});
afterAll(() => server.close());

/** A notice with a draft, which only an admin's answer shows. */
async function noticeWithDraft(): Promise<string> {
  const id = unique('both');
  dataOf(
    await server.gql(
      `mutation ($id: ID!) { createNotice(input: { id: $id, title: "Both ways" }) { id } }`,
      { id },
      admin,
    ),
  );
  dataOf(
    await server.gql(
      `mutation ($id: ID!, $s: [NoticeSectionInput!]!) { saveNoticeDraft(input: { noticeId: $id, sections: $s }) { number } }`,
      { id, s: sections() },
      admin,
    ),
  );
  return id;
}

const QUERY = `query ($id: ID!) { notice(id: $id) { title versions { nodes { number status sections { key } } } } }`;

describe('the Lambda entry point', () => {
  it('answers an operation exactly as the local server does', async () => {
    const handler = createGraphqlHandler(server.api);
    const body = JSON.stringify({ query: QUERY, variables: { id: await noticeWithDraft() } });
    const viaLambda = (await handler(
      httpApiEvent(body, { headers: { authorization: `Bearer ${admin}` } }),
      {} as Context,
      () => undefined,
    )) as APIGatewayProxyStructuredResultV2;
    const viaHttp = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body,
    });

    expect(viaLambda.statusCode).toBe(viaHttp.status);
    const answer = JSON.parse(viaLambda.body ?? '');
    expect(answer).toEqual(await viaHttp.json());
    expect(answer.data.notice.versions.nodes).toEqual([
      { number: 1, status: 'DRAFT', sections: sections().map(({ key }) => ({ key })) },
    ]);
  });

  it('refuses a bad token with the same code as the local server', async () => {
    const handler = createGraphqlHandler(server.api);
    const result = (await handler(
      httpApiEvent(JSON.stringify({ query: QUERY, variables: { id: unique('any') } }), {
        headers: { authorization: 'Bearer nonsense' },
      }),
      {} as Context,
      () => undefined,
    )) as APIGatewayProxyStructuredResultV2;
    expect(JSON.parse(result.body ?? '').errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('the Lambda entry point’s HTTP caching', () => {
  const CURRENT = `query ($id: ID!) { notice(id: $id) { current { number sections { key } } } }`;

  async function call(
    handler: ReturnType<typeof createGraphqlHandler>,
    event: ReturnType<typeof httpApiEvent>,
  ) {
    return (await handler(
      event,
      {} as Context,
      () => undefined,
    )) as APIGatewayProxyStructuredResultV2;
  }

  it('gives a public GET the same ETag and Cache-Control as the local server, and answers If-None-Match alike', async () => {
    const handler = createGraphqlHandler(server.api);
    const { noticeId } = await createPublishedNotice(server);
    const search = new URLSearchParams({
      query: CURRENT,
      variables: JSON.stringify({ id: noticeId }),
    }).toString();

    const viaHttp = await fetch(`${server.url}?${search}`);
    const viaLambda = await call(handler, httpApiGetEvent(search));
    expect(viaLambda.statusCode).toBe(200);
    expect(viaLambda.body).toBe(await viaHttp.text());
    const etag = viaHttp.headers.get('etag');
    expect(viaLambda.headers?.etag).toBe(etag);
    for (const cacheControl of [
      viaHttp.headers.get('cache-control'),
      viaLambda.headers?.['cache-control'],
    ]) {
      expect(cacheControl).toMatch(/^public, max-age=[1-5]$/);
    }

    const kept = await call(handler, httpApiGetEvent(search));
    expect(kept.body).toBe(viaLambda.body);
    const revalidated = await call(
      handler,
      httpApiGetEvent(search, { headers: { 'if-none-match': etag ?? '' } }),
    );
    expect(revalidated.statusCode).toBe(304);
    expect(revalidated.body).toBe('');
  });

  it('answers a caller with a token privately and a POST with no-store, as the local server does', async () => {
    const handler = createGraphqlHandler(server.api);
    const { noticeId } = await createPublishedNotice(server);
    const search = new URLSearchParams({
      query: CURRENT,
      variables: JSON.stringify({ id: noticeId }),
    }).toString();
    const withToken = await call(
      handler,
      httpApiGetEvent(search, { headers: { authorization: `Bearer ${admin}` } }),
    );
    expect(withToken.statusCode).toBe(200);
    expect(withToken.headers?.['cache-control']).toBe('private, no-store');
    expect(withToken.headers?.etag).toBeUndefined();

    const posted = await call(
      handler,
      httpApiEvent(JSON.stringify({ query: CURRENT, variables: { id: noticeId } })),
    );
    expect(posted.statusCode).toBe(200);
    expect(posted.headers?.['cache-control']).toBe('no-store');
  });
});
