import { unique, uniqueEmail } from '../support/factories';
import { codes, startTestServer, tokenFor, type TestServer } from '../support/harness';

let server: TestServer;
let admin: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await tokenFor({ role: 'admin' });
});
afterAll(() => server.close());

const CREATE = `mutation ($input: CreateNoticeInput!) { createNotice(input: $input) { id title } }`;

describe('callers and roles', () => {
  it('lets an admin create a notice', async () => {
    const id = unique('roles');
    const response = await server.gql(CREATE, { input: { id, title: 'Roles' } }, admin);
    expect(response.data).toEqual({ createNotice: { id, title: 'Roles' } });
  });

  it.each<[string, () => Promise<string | undefined>, string]>([
    ['a caller without a token', async () => undefined, 'UNAUTHENTICATED'],
    ['a person', () => tokenFor({ role: 'subject', email: uniqueEmail() }), 'FORBIDDEN'],
    ['a partner', () => tokenFor({ role: 'partner', partnerId: unique('partner') }), 'FORBIDDEN'],
  ])(
    'refuses an admin’s change from %s with %s, and changes nothing',
    async (_case, token, code) => {
      const id = unique('denied');
      const response = await server.gql(CREATE, { input: { id, title: 'Denied' } }, await token());
      expect(codes(response)).toEqual([code]);
      const check = await server.gql(`query ($id: ID!) { notice(id: $id) { id } }`, { id });
      expect(check.data).toEqual({ notice: null });
    },
  );
});

describe('errors', () => {
  it('names bad input BAD_USER_INPUT and changes nothing', async () => {
    const id = `${unique('has')} spaces`;
    const response = await server.gql(CREATE, { input: { id, title: 'x' } }, admin);
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    const notices = await server.gql<{ notices: { id: string }[] }>(`{ notices { id } }`);
    expect(notices.data?.notices.map((notice) => notice.id)).not.toContain(id);
  });

  it('carries no stack trace and no table name', async () => {
    const response = await server.gql(
      `mutation ($noticeId: ID!) { saveNoticeDraft(input: { noticeId: $noticeId, sections: [{ key: "a", heading: "A", body: "B" }] }) { number } }`,
      { noticeId: unique('missing') },
      admin,
    );
    expect(codes(response)).toEqual(['NOT_FOUND']);
    const text = JSON.stringify(response);
    expect(text).not.toMatch(/stacktrace|at .*\.ts:\d+/i);
    expect(text).not.toContain(server.db.table);
  });
});
