/**
 * Sign-in by mailed code, over HTTP to the local server, reading the codes
 * from the mail folder as a person reads their inbox: any address gets a
 * code and the same answer, the code gives a SUBJECT token for the address
 * once, within 15 minutes and 5 tries, and the mails count against the
 * address's limit.
 */
import { decodeJwt, decodeProtectedHeader } from 'jose';
import {
  adminToken,
  createEventFixture,
  dataOf,
  registerPerson,
  uniqueEmail,
} from '../support/factories';
import {
  codes,
  mails,
  startTestServer,
  waitForMail,
  type GraphqlResponse,
  type TestServer,
} from '../support/harness';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ stream: true });
});
afterAll(() => server.close());

const REQUEST = `mutation ($email: EmailAddress!) { requestSignInCode(email: $email) }`;
const SIGN_IN = `mutation ($email: EmailAddress!, $code: String!) {
  signIn(email: $email, code: $code) { token expiresAt }
}`;
const ME = `{ me { email registrations { id } } }`;
const MINUTE = 60_000;

type SignedIn = { signIn: { token: string; expiresAt: string } };

function requestCode(email: string): Promise<GraphqlResponse<{ requestSignInCode: boolean }>> {
  return server.gql(REQUEST, { email });
}

function signIn(email: string, code: string): Promise<GraphqlResponse<SignedIn>> {
  return server.gql<SignedIn>(SIGN_IN, { email, code });
}

/** The codes mailed to an address so far. */
function codesMailedTo(email: string): string[] {
  return mails(server.mailDir)
    .filter((mail) => mail.topic === 'subject.sign_in' && mail.to.includes(email))
    .map((mail) => /^Code: (\d{6})$/m.exec(mail.raw)?.[1] ?? '');
}

/** Asks for a code and waits for the mail that carries it. */
async function mailedCode(email: string): Promise<string> {
  const before = new Set(codesMailedTo(email));
  expect(dataOf(await requestCode(email)).requestSignInCode).toBe(true);
  const mail = await waitForMail(
    server.mailDir,
    (m) =>
      m.topic === 'subject.sign_in' &&
      m.to.includes(email) &&
      !before.has(/^Code: (\d{6})$/m.exec(m.raw)?.[1] ?? ''),
  );
  const code = /^Code: (\d{6})$/m.exec(mail.raw)?.[1];
  if (!code) throw new Error('The sign-in mail carries no code');
  return code;
}

/** A code that is not `code`. */
function otherThan(code: string): string {
  return String((Number(code) + 1) % 1_000_000).padStart(6, '0');
}

describe('sign-in by mailed code', () => {
  it('mails a code to an address nothing is held about, and signs it in: me is null until something is', async () => {
    const email = uniqueEmail('newcomer');
    const code = await mailedCode(email);
    const { token, expiresAt } = dataOf(await signIn(email, code)).signIn;

    const me = await server.gql(ME, {}, token);
    expect({ errors: me.errors, me: me.data?.me }).toEqual({ errors: undefined, me: null });
    expect(Date.parse(expiresAt)).toBeGreaterThan(server.clock.now().getTime());
  });

  it('signs a known person in to their own data, with the same answer to the request for a code', async () => {
    const fixture = await createEventFixture(server);
    const { email, registrationId } = await registerPerson(server, fixture);
    const unknown = uniqueEmail('stranger');
    expect(await requestCode(unknown)).toEqual(await requestCode(email));

    const code = await mailedCode(email);
    const { token } = dataOf(await signIn(email.toUpperCase(), code)).signIn;
    expect(dataOf(await server.gql(ME, {}, token)).me).toEqual({
      email,
      registrations: [{ id: registrationId }],
    });
  });

  it('gives a token for an hour whose subject is opaque: not the address, and new each sign-in', async () => {
    const email = uniqueEmail('claims');
    const first = dataOf(await signIn(email, await mailedCode(email))).signIn;
    const second = dataOf(await signIn(email, await mailedCode(email))).signIn;

    const claims = decodeJwt(first.token);
    expect(decodeProtectedHeader(first.token).alg).toBe('HS256');
    expect(claims).toMatchObject({ iss: 'privacy-ops-local', email, email_verified: true });
    expect(claims.sub).toEqual(expect.any(String));
    expect(claims.sub).not.toContain(email.split('@')[0]);
    expect(decodeJwt(second.token).sub).not.toBe(claims.sub);
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3_600);
    expect(Date.parse(first.expiresAt)).toBe((claims.exp ?? 0) * 1000);
  });

  it('takes a code once', async () => {
    const email = uniqueEmail('once');
    const code = await mailedCode(email);
    dataOf(await signIn(email, code));
    expect(codes(await signIn(email, code))).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses a wrong code, and locks the code after five: then even the right one fails until a new one is asked for', async () => {
    const email = uniqueEmail('guesser');
    const code = await mailedCode(email);
    for (let i = 0; i < 5; i += 1) {
      const wrong = await signIn(email, otherThan(code));
      expect({ codes: codes(wrong), data: wrong.data }).toEqual({
        codes: ['UNAUTHENTICATED'],
        data: null,
      });
    }
    expect(codes(await signIn(email, code))).toEqual(['UNAUTHENTICATED']);

    const fresh = await mailedCode(email);
    dataOf(await signIn(email, fresh));
  });

  it('takes a right code after fewer than five wrong ones', async () => {
    const email = uniqueEmail('typo');
    const code = await mailedCode(email);
    for (let i = 0; i < 4; i += 1) await signIn(email, otherThan(code));
    dataOf(await signIn(email, ` ${code} `));
  });

  it('refuses a code 15 minutes after it was mailed', async () => {
    const email = uniqueEmail('late');
    const code = await mailedCode(email);
    server.clock.advance(15 * MINUTE + 1_000);
    expect(codes(await signIn(email, code))).toEqual(['UNAUTHENTICATED']);
  });

  it('replaces the code before with a new one', async () => {
    const email = uniqueEmail('twice');
    const first = await mailedCode(email);
    const second = await mailedCode(email);
    if (first !== second) expect(codes(await signIn(email, first))).toEqual(['UNAUTHENTICATED']);
    dataOf(await signIn(email, second));
  });

  it('refuses a code for another address, and an address that was never mailed', async () => {
    const email = uniqueEmail('owner');
    const code = await mailedCode(email);
    expect(codes(await signIn(uniqueEmail('thief'), code))).toEqual(['UNAUTHENTICATED']);
    dataOf(await signIn(email, code));
  });

  it('signs two sign-ins with one code in at most once', async () => {
    const email = uniqueEmail('race');
    const code = await mailedCode(email);
    const answers = await Promise.all(Array.from({ length: 4 }, () => signIn(email, code)));
    expect(answers.filter((answer) => answer.data?.signIn)).toHaveLength(1);
  });

  it('counts its mails against the address’s five an hour, with request codes', async () => {
    const email = uniqueEmail('counted');
    const submitted = await server.gql(
      `mutation ($input: SubmitSubjectRequestInput!) { submitSubjectRequest(input: $input) { id } }`,
      { input: { type: 'ACCESS', email } },
    );
    dataOf(submitted);
    for (let i = 0; i < 4; i += 1) dataOf(await requestCode(email));

    const refused = await requestCode(email);
    expect(codes(refused)).toEqual(['RATE_LIMITED']);
    const retryAfter = (refused.errors?.[0]?.extensions as { retryAfter?: number } | undefined)
      ?.retryAfter;
    expect(retryAfter).toBeGreaterThan(3_000);
    expect(retryAfter).toBeLessThanOrEqual(3_600);
  });

  it('audits nothing, and drops the code’s mail, which held the address, once the code is used', async () => {
    const admin = await adminToken();
    const email = uniqueEmail('quiet');
    const code = await mailedCode(email);
    const deliveries = async () =>
      dataOf(await server.gql(`{ deliveries(first: 100) { nodes { to topic } } }`, {}, admin))
        .deliveries.nodes as { to: string; topic: string }[];
    expect(await deliveries()).toContainEqual({ to: email, topic: 'subject.sign_in' });

    dataOf(await signIn(email, code));
    expect(await deliveries()).not.toContainEqual(expect.objectContaining({ to: email }));
    const audit = await server.gql(
      `{ auditLog(first: 100) { nodes { actor entityId } } }`,
      {},
      admin,
    );
    expect(JSON.stringify(dataOf(audit))).not.toContain(email);
  });
});
