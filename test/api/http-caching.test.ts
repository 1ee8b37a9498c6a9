import { adminToken, createPublishedNotice, dataOf } from '../support/factories';
import { startTestServer, type TestServer } from '../support/harness';
import { sections } from '../support/notices';

/** The default staleness bound, PRIVACY_OPS_NOTICE_CACHE_SECONDS. */
const STALE_SECONDS = 5;

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const CURRENT = `query ($id: ID!) { notice(id: $id) { title current { number sections { key heading } changes { key kind } } } }`;

function getUrl(query: string, variables: Record<string, unknown>): string {
  return `${server.url}?${new URLSearchParams({ query, variables: JSON.stringify(variables) })}`;
}

interface Answer {
  data: {
    notice: {
      current?: { number: number };
      versions?: { nodes: { number: number; status: string }[] };
    } | null;
  };
}

async function noticeIn(response: Response) {
  return ((await response.json()) as Answer).data.notice;
}

function publicMaxAge(response: Response): number | null {
  const match = /^public, max-age=(\d+)$/.exec(response.headers.get('cache-control') ?? '');
  return match ? Number(match[1]) : null;
}

describe('HTTP caching of GraphQL answers', () => {
  it('gives a public GET an ETag and a public max-age within the staleness bound, and a matching If-None-Match a 304', async () => {
    const { noticeId } = await createPublishedNotice(server);
    const url = getUrl(CURRENT, { id: noticeId });

    const first = await fetch(url);
    expect(first.status).toBe(200);
    expect((await noticeIn(first))?.current?.number).toBe(1);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    const maxAge = publicMaxAge(first);
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThanOrEqual(STALE_SECONDS);

    const kept = await fetch(url);
    expect(kept.headers.get('etag')).toBe(etag);
    expect(publicMaxAge(kept)).toBeLessThanOrEqual(maxAge ?? 0);
    expect((await noticeIn(kept))?.current?.number).toBe(1);

    for (const ifNoneMatch of [etag ?? '', `W/${etag}`, `"other", ${etag}`]) {
      const revalidated = await fetch(url, { headers: { 'if-none-match': ifNoneMatch } });
      expect(revalidated.status).toBe(304);
      expect(await revalidated.text()).toBe('');
      expect(revalidated.headers.get('etag')).toBe(etag);
      expect(publicMaxAge(revalidated)).toBeLessThanOrEqual(maxAge ?? 0);
    }
    const changed = await fetch(url, { headers: { 'if-none-match': '"another"' } });
    expect(changed.status).toBe(200);
    expect((await noticeIn(changed))?.current?.number).toBe(1);
  });

  it('makes every answer to a caller with a token private, and never serves it to anyone else', async () => {
    const admin = await adminToken();
    const { noticeId } = await createPublishedNotice(server);
    dataOf(
      await server.gql(
        `mutation ($id: ID!, $s: [NoticeSectionInput!]!) { saveNoticeDraft(input: { noticeId: $id, sections: $s }) { number } }`,
        { id: noticeId, s: sections() },
        admin,
      ),
    );
    const versions = getUrl(
      `query ($id: ID!) { notice(id: $id) { versions { nodes { number status } } } }`,
      { id: noticeId },
    );
    const asAdmin = await fetch(versions, { headers: { authorization: `Bearer ${admin}` } });
    expect(asAdmin.headers.get('cache-control')).toBe('private, no-store');
    expect(asAdmin.headers.get('etag')).toBeNull();
    expect((await noticeIn(asAdmin))?.versions?.nodes).toContainEqual({
      number: 2,
      status: 'DRAFT',
    });
    const asPublic = await fetch(versions);
    expect((await noticeIn(asPublic))?.versions?.nodes).toEqual([
      { number: 1, status: 'PUBLISHED' },
    ]);

    const current = getUrl(CURRENT, { id: noticeId });
    const etag = (await fetch(current)).headers.get('etag') ?? '';
    const withToken = await fetch(current, {
      headers: { authorization: `Bearer ${admin}`, 'if-none-match': etag },
    });
    expect(withToken.status).toBe(200);
    expect(withToken.headers.get('cache-control')).toBe('private, no-store');
    expect(withToken.headers.get('etag')).toBeNull();
  });

  it('keeps nothing of a POST, an answer with errors, or one that reads a field without a cache hint', async () => {
    const { noticeId } = await createPublishedNotice(server);
    const posted = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: CURRENT, variables: { id: noticeId } }),
    });
    expect(posted.status).toBe(200);
    expect(posted.headers.get('cache-control')).toBe('no-store');
    expect(posted.headers.get('etag')).toBeNull();

    for (const query of [
      `query ($id: ID!) { notice(id: $id) { current { number } } me { email } }`,
      `query ($id: ID!) { notice(id: $id) { current { number } } purposes { id } }`,
      `query ($id: ID!) { notice(id: $id) { nothing } }`,
    ]) {
      const url = getUrl(query, { id: noticeId });
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const response = await fetch(url);
        expect(response.headers.get('cache-control')).toBe('no-store');
        expect(response.headers.get('etag')).toBeNull();
      }
    }
    const unknown = await fetch(getUrl(CURRENT, { id: 'no-such-notice' }));
    expect(await noticeIn(unknown)).toBeNull();
    expect(unknown.headers.get('cache-control')).toBe('no-store');
  });

  it('serves this server’s own publication at once, though the answer before it was kept', async () => {
    const { noticeId } = await createPublishedNotice(server);
    const url = getUrl(CURRENT, { id: noticeId });
    expect(publicMaxAge(await fetch(url))).toBeGreaterThan(0);
    const admin = await adminToken();
    dataOf(
      await server.gql(
        `mutation ($id: ID!, $s: [NoticeSectionInput!]!) { saveNoticeDraft(input: { noticeId: $id, sections: $s }) { number } }`,
        { id: noticeId, s: sections() },
        admin,
      ),
    );
    dataOf(
      await server.gql(
        `mutation ($id: ID!) { publishNoticeVersion(input: { noticeId: $id, number: 2, material: false }) { number } }`,
        { id: noticeId },
        admin,
      ),
    );
    expect((await noticeIn(await fetch(url)))?.current?.number).toBe(2);
  });
});
