import { unique } from '../support/factories';
import { startTestServer, tokenFor, type TestServer } from '../support/harness';
import { sections } from '../support/notices';

let server: TestServer;
let admin: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await tokenFor({ role: 'admin', name: 'editor-1' });
});
afterAll(() => server.close());

const CREATE = `mutation ($input: CreateNoticeInput!) { createNotice(input: $input) { id } }`;
const SAVE = `mutation ($input: SaveNoticeDraftInput!) {
  saveNoticeDraft(input: $input) { number status material changes { key kind } }
}`;
const PUBLISH = `mutation ($input: PublishNoticeVersionInput!) {
  publishNoticeVersion(input: $input) { number status material publishedAt effectiveAt }
}`;
const NOTICE = `query ($id: ID!) {
  notice(id: $id) {
    current { number status }
    versions(first: 10) { nodes { number status } pageInfo { hasNextPage endCursor } }
  }
}`;

async function createNotice(): Promise<string> {
  const id = unique('site');
  await server.gql(CREATE, { input: { id, title: 'Site notice', language: 'en' } }, admin);
  return id;
}

describe('a notice drafted, diffed, scheduled and published over HTTP', () => {
  it('goes from draft to published, with the previous version superseded when the next takes effect', async () => {
    const noticeId = await createNotice();
    const first = await server.gql(SAVE, { input: { noticeId, sections: sections() } }, admin);
    expect(first.data?.saveNoticeDraft).toMatchObject({
      number: 1,
      status: 'DRAFT',
      material: null,
    });
    await server.gql(PUBLISH, { input: { noticeId, number: 1, material: true } }, admin);

    const second = await server.gql(
      SAVE,
      {
        input: {
          noticeId,
          sections: sections({ contact: { body: 'New address' } }),
          changeSummary: 'New postal address',
        },
      },
      admin,
    );
    expect(second.data?.saveNoticeDraft.changes).toEqual([{ key: 'contact', kind: 'MODIFIED' }]);

    const inTwoHours = new Date(server.clock.now().getTime() + 2 * 3_600_000).toISOString();
    const scheduled = await server.gql(
      PUBLISH,
      { input: { noticeId, number: 2, material: false, effectiveAt: inTwoHours } },
      admin,
    );
    expect(scheduled.data?.publishNoticeVersion).toMatchObject({
      number: 2,
      status: 'SCHEDULED',
      material: false,
      effectiveAt: inTwoHours,
    });

    const asPublic = await server.gql(NOTICE, { id: noticeId });
    expect(asPublic.data?.notice.current).toEqual({ number: 1, status: 'PUBLISHED' });
    expect(asPublic.data?.notice.versions.nodes).toEqual([
      { number: 2, status: 'SCHEDULED' },
      { number: 1, status: 'PUBLISHED' },
    ]);

    server.clock.advance(3 * 3_600_000);
    const later = await server.gql(NOTICE, { id: noticeId });
    expect(later.data?.notice.versions.nodes).toEqual([
      { number: 2, status: 'PUBLISHED' },
      { number: 1, status: 'SUPERSEDED' },
    ]);
  });

  it('answers null for an unknown notice and NOT_FOUND when changing one', async () => {
    const unknown = unique('unknown');
    expect((await server.gql(NOTICE, { id: unknown })).data).toEqual({ notice: null });
    const publish = await server.gql(
      PUBLISH,
      { input: { noticeId: unknown, number: 1, material: true } },
      admin,
    );
    expect(publish.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('keeps an audit trail of every admin change, paged newest first', async () => {
    const noticeId = await createNotice();
    for (const number of [1, 2]) {
      await server.gql(SAVE, { input: { noticeId, sections: sections() } }, admin);
      await server.gql(PUBLISH, { input: { noticeId, number, material: false } }, admin);
    }
    const all = await server.gql(
      `query ($id: String!) { auditLog(entity: "Notice", entityId: $id, first: 2) {
          nodes { actor role action entity entityId at } pageInfo { hasNextPage endCursor } } }`,
      { id: noticeId },
      admin,
    );
    const page = all.data?.auditLog;
    expect(page.nodes.map((entry: { action: string }) => entry.action)).toEqual([
      'publishNoticeVersion',
      'saveNoticeDraft',
    ]);
    expect(page.nodes[0]).toMatchObject({ actor: 'editor-1', role: 'ADMIN', entityId: noticeId });
    const next = await server.gql(
      `query ($id: String!, $after: String) { auditLog(entity: "Notice", entityId: $id, first: 10, after: $after) {
          nodes { action } pageInfo { hasNextPage } } }`,
      { id: noticeId, after: page.pageInfo.endCursor },
      admin,
    );
    expect(next.data?.auditLog).toEqual({
      nodes: [
        { action: 'publishNoticeVersion' },
        { action: 'saveNoticeDraft' },
        { action: 'createNotice' },
      ],
      pageInfo: { hasNextPage: false },
    });
  });

  it('shows the audit trail to administrators only', async () => {
    const forbidden = await server.gql(`{ auditLog { nodes { id } } }`);
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('concurrent publication', () => {
  it('lets exactly one of several admins publish a draft; the others get CONFLICT', async () => {
    const noticeId = await createNotice();
    await server.gql(SAVE, { input: { noticeId, sections: sections() } }, admin);
    const tokens = await Promise.all(
      Array.from({ length: 8 }, (_, i) => tokenFor({ role: 'admin', name: `admin-${i}` })),
    );
    const results = await Promise.all(
      tokens.map((token) =>
        server.gql(PUBLISH, { input: { noticeId, number: 1, material: true } }, token),
      ),
    );
    const won = results.filter((result) => result.data?.publishNoticeVersion);
    const lost = results.filter((result) => result.errors);
    expect(won).toHaveLength(1);
    expect(lost.map((result) => result.errors?.[0]?.extensions?.code)).toEqual(
      Array(7).fill('CONFLICT'),
    );
    const audit = await server.gql(
      `query ($id: String!) { auditLog(entity: "Notice", entityId: $id) { nodes { action } } }`,
      { id: noticeId },
      admin,
    );
    const publications = audit.data?.auditLog.nodes.filter(
      (entry: { action: string }) => entry.action === 'publishNoticeVersion',
    );
    expect(publications).toHaveLength(1);
  });
});
