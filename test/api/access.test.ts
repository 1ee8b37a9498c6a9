import { SignJWT } from 'jose';
import { ForbiddenError } from '../../domain/errors';
import { guardResolvers } from '../../resolvers/access';
import { codes, startTestServer, TEST_SECRET, tokenFor, type TestServer } from '../support/harness';

let server: TestServer;
let admin: string;
let subject: string;
let partner: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await tokenFor({ role: 'admin' });
  subject = await tokenFor({ role: 'subject', email: 'ada@example.org' });
  partner = await tokenFor({ role: 'partner', partnerId: 'acme' });
});
afterAll(() => server.close());

const CREATE = `mutation ($input: CreateNoticeInput!) { createNotice(input: $input) { id title } }`;

describe('callers and roles', () => {
  it('lets an admin create a notice', async () => {
    const response = await server.gql(CREATE, { input: { id: 'roles', title: 'Roles' } }, admin);
    expect(response.data).toEqual({ createNotice: { id: 'roles', title: 'Roles' } });
  });

  it('asks a caller without a token to authenticate, and forbids other roles', async () => {
    const input = { input: { id: 'denied', title: 'Denied' } };
    expect(codes(await server.gql(CREATE, input))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await server.gql(CREATE, input, subject))).toEqual(['FORBIDDEN']);
    expect(codes(await server.gql(CREATE, input, partner))).toEqual(['FORBIDDEN']);
    const check = await server.gql(`{ notice(id: "denied") { id } }`);
    expect(check.data).toEqual({ notice: null });
  });

  it.each([
    ['expired', () => signed({ exp: Math.floor(Date.now() / 1000) - 60 })],
    ['signed with another key', () => signed({}, 'another-secret-of-at-least-32-bytes!!')],
    ['unsigned (alg none)', async () => unsigned()],
    ['malformed', async () => 'not.a.token'],
  ])('refuses a token that is %s as UNAUTHENTICATED', async (_case, make) => {
    const response = await server.gql(`{ notices { id } }`, {}, await make());
    expect(codes(response)).toEqual(['UNAUTHENTICATED']);
    expect(response.data ?? null).toBeNull();
  });

  it('refuses everyone, admins too, a root field that has no access rule', async () => {
    const guarded = guardResolvers(
      { Query: { unlisted: () => 'secret' } },
      { Query: ['unlisted'] },
    ) as {
      Query: { unlisted: (...args: unknown[]) => unknown };
    };
    const asAdmin = { caller: { role: 'ADMIN', sub: 'root' } };
    expect(() => guarded.Query.unlisted(null, {}, asAdmin, null)).toThrow(ForbiddenError);
  });
});

describe('errors', () => {
  it('names bad input BAD_USER_INPUT and changes nothing', async () => {
    const response = await server.gql(CREATE, { input: { id: 'has spaces', title: 'x' } }, admin);
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    const notices = await server.gql<{ notices: { id: string }[] }>(`{ notices { id } }`);
    expect(notices.data?.notices.map((notice) => notice.id)).not.toContain('has spaces');
  });

  it('carries no stack trace and no table name', async () => {
    const response = await server.gql(
      `mutation { saveNoticeDraft(input: { noticeId: "missing", sections: [{ key: "a", heading: "A", body: "B" }] }) { number } }`,
      {},
      admin,
    );
    expect(codes(response)).toEqual(['NOT_FOUND']);
    const text = JSON.stringify(response);
    expect(text).not.toMatch(/stacktrace|at .*\.ts:\d+/i);
    expect(text).not.toContain(server.db.table);
  });
});

async function signed(claims: Record<string, unknown>, secret = TEST_SECRET) {
  return new SignJWT({ 'cognito:groups': ['admin'], ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('someone')
    .setIssuer('privacy-ops-local')
    .setExpirationTime(typeof claims.exp === 'number' ? claims.exp : '1h')
    .sign(new TextEncoder().encode(secret));
}

function unsigned() {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: 'x', 'cognito:groups': ['admin'], iss: 'privacy-ops-local', exp })}.`;
}
