import { listAudit } from '../../store/audit';
import {
  adminToken,
  dataOf,
  personToken,
  submitRequest,
  uniqueEmail,
  verificationMail,
} from '../support/factories';
import { codes, startTestServer, type TestServer } from '../support/harness';

let server: TestServer;
let admin: string;

beforeAll(async () => {
  server = await startTestServer({ stream: true });
  admin = await adminToken();
});
afterAll(() => server.close());

const FIELDS = `id type status email jurisdiction details receivedAt verifiedAt dueAt overdue extensionReason completedAt rejectionReason result channel history { at status actor note }`;
const SUBMIT = `mutation ($input: SubmitSubjectRequestInput!) { submitSubjectRequest(input: $input) { ${FIELDS} } }`;
const VERIFY = `mutation ($id: ID!, $code: String!) { verifySubjectRequest(id: $id, code: $code) { id status } }`;
const READ = `query ($id: ID!) { subjectRequest(id: $id) { ${FIELDS} } }`;
const EXTEND = `mutation ($id: ID!) { extendSubjectRequest(id: $id, reason: "Many requests at once") { status dueAt } }`;
const REJECT = `mutation ($id: ID!) { rejectSubjectRequest(id: $id, reason: "Not ours to answer") { status } }`;
const COMPLETE = `mutation ($id: ID!) { completeSubjectRequest(id: $id) { status } }`;
const REQUESTS_OF = `query ($email: EmailAddress!) { subject(email: $email) { requests { id status } } }`;
const DELIVERIES = `{ deliveries(first: 100) { nodes { to topic } } }`;

/** The mails the outbox holds for an address, by topic: what was ever sent or is to be. */
async function mailTopicsTo(email: string): Promise<string[]> {
  const { deliveries } = dataOf(await server.gql(DELIVERIES, {}, admin));
  return deliveries.nodes
    .filter((node: { to: string }) => node.to === email)
    .map((node: { topic: string }) => node.topic);
}

/** An open request entered by an admin, read in full. */
async function openRequest(type: string, email: string, extra: Record<string, unknown> = {}) {
  const { id } = await submitRequest(server, type, email, extra);
  return dataOf(await server.gql(READ, { id }, admin)).subjectRequest;
}

describe('a request like one still open', () => {
  it('is answered to the public with the open one’s id, status and deadline, and nothing else of it', async () => {
    const email = uniqueEmail('again');
    const open = await openRequest('ACCESS', email, {
      jurisdiction: 'CCPA',
      details: 'Everything you hold',
      channel: 'POST',
    });
    const before = new Date().toISOString();
    const again = dataOf(
      await server.gql(SUBMIT, { input: { type: 'ACCESS', email: email.toUpperCase() } }),
    ).submitSubjectRequest;
    // What the caller sent, and what id, status and deadline tell anyway.
    expect(again).toEqual({
      id: open.id,
      status: 'OPEN',
      dueAt: open.dueAt,
      overdue: false,
      type: 'ACCESS',
      email,
      jurisdiction: 'GDPR',
      channel: 'WEB',
      receivedAt: expect.any(String),
      history: [],
      details: null,
      verifiedAt: null,
      extensionReason: null,
      completedAt: null,
      rejectionReason: null,
      result: null,
    });
    expect(again.receivedAt >= before).toBe(true);
    expect(await mailTopicsTo(email)).toEqual([]);
    expect(dataOf(await server.gql(REQUESTS_OF, { email }, admin)).subject.requests).toEqual([
      { id: open.id, status: 'OPEN' },
    ]);
  });

  it('is answered to an admin with the whole open request, and the repeat is audited', async () => {
    const email = uniqueEmail('again.by.post');
    const open = await openRequest('ERASURE', email, { channel: 'EMAIL' });
    const again = dataOf(
      await server.gql(
        SUBMIT,
        { input: { type: 'ERASURE', email, channel: 'POST', identityVerified: true } },
        admin,
      ),
    ).submitSubjectRequest;
    expect(again).toEqual(open);
    const { items } = await listAudit(
      server.db,
      { entity: 'SubjectRequest', entityId: open.id },
      { limit: 10, after: null },
    );
    expect(items.map((entry) => entry.details)).toEqual([
      { duplicate: true, channel: 'POST', receivedAt: expect.any(String) },
      { channel: 'EMAIL', receivedAt: open.receivedAt },
    ]);
    expect(await mailTopicsTo(email)).toEqual([]);
  });

  it('is answered to the person with their whole open request', async () => {
    const email = uniqueEmail('mine');
    const open = await openRequest('PORTABILITY', email);
    const again = await server.gql(
      SUBMIT,
      { input: { type: 'PORTABILITY', email } },
      await personToken(email),
    );
    expect(dataOf(again).submitSubjectRequest).toEqual(open);
  });

  it('keeps an extended one’s deadline, and mails nobody', async () => {
    const email = uniqueEmail('extended');
    const open = await openRequest('ACCESS', email);
    const extended = dataOf(await server.gql(EXTEND, { id: open.id }, admin)).extendSubjectRequest;
    const mailsBefore = await mailTopicsTo(email);
    const again = dataOf(
      await server.gql(SUBMIT, { input: { type: 'ACCESS', email } }),
    ).submitSubjectRequest;
    expect(again).toMatchObject({ id: open.id, status: 'EXTENDED', dueAt: extended.dueAt });
    expect(await mailTopicsTo(email)).toEqual(mailsBefore);
    expect(dataOf(await server.gql(REQUESTS_OF, { email }, admin)).subject.requests).toEqual([
      { id: open.id, status: 'EXTENDED' },
    ]);
  });

  it('is no duplicate when of another type, or once the open one is closed', async () => {
    const email = uniqueEmail('other');
    const access = await openRequest('ACCESS', email);
    const restriction = await submitRequest(server, 'RESTRICTION', email);
    expect(restriction.id).not.toBe(access.id);
    expect(restriction.status).toBe('OPEN');

    dataOf(await server.gql(REJECT, { id: access.id }, admin));
    const afterRejection = await submitRequest(server, 'ACCESS', email);
    expect(afterRejection.id).not.toBe(access.id);
    dataOf(await server.gql(COMPLETE, { id: afterRejection.id }, admin));
    const afterCompletion = dataOf(
      await server.gql(SUBMIT, { input: { type: 'ACCESS', email } }),
    ).submitSubjectRequest;
    expect(afterCompletion).toMatchObject({ status: 'AWAITING_VERIFICATION' });
    expect(afterCompletion.id).not.toBe(afterRejection.id);
    await verificationMail(server.mailDir, afterCompletion.id);
  });
});

describe('a request like one still unverified', () => {
  it('replaces it: the old code opens nothing, the new one opens the new request', async () => {
    const email = uniqueEmail('twice');
    const first = dataOf(
      await server.gql(SUBMIT, { input: { type: 'ACCESS', email } }),
    ).submitSubjectRequest;
    const firstCode = (await verificationMail(server.mailDir, first.id)).code;
    const second = dataOf(
      await server.gql(SUBMIT, { input: { type: 'ACCESS', email, jurisdiction: 'PIPL' } }),
    ).submitSubjectRequest;
    expect(second).toMatchObject({ status: 'AWAITING_VERIFICATION', jurisdiction: 'PIPL' });
    expect(second.id).not.toBe(first.id);
    const secondCode = (await verificationMail(server.mailDir, second.id)).code;

    expect(dataOf(await server.gql(READ, { id: first.id }, admin)).subjectRequest).toBeNull();
    expect(codes(await server.gql(VERIFY, { id: first.id, code: firstCode }))).toEqual([
      'NOT_FOUND',
    ]);
    expect(dataOf(await server.gql(VERIFY, { id: second.id, code: secondCode }))).toEqual({
      verifySubjectRequest: { id: second.id, status: 'OPEN' },
    });
    expect(dataOf(await server.gql(REQUESTS_OF, { email }, admin)).subject.requests).toEqual([
      { id: second.id, status: 'OPEN' },
    ]);
  });

  it('mails each new code within the limit on mail to the address', async () => {
    const email = uniqueEmail('flood');
    const submitted: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const request = dataOf(
        await server.gql(SUBMIT, { input: { type: 'ERASURE', email } }),
      ).submitSubjectRequest;
      submitted.push(request.id);
    }
    const sixth = await server.gql(SUBMIT, { input: { type: 'ERASURE', email } });
    expect(codes(sixth)).toEqual(['RATE_LIMITED']);

    // The last one mailed is the one that stands, and its code still opens it.
    const last = submitted[4] ?? '';
    const { code } = await verificationMail(server.mailDir, last);
    expect(dataOf(await server.gql(VERIFY, { id: last, code })).verifySubjectRequest.status).toBe(
      'OPEN',
    );
    for (const gone of submitted.slice(0, 4)) {
      expect(dataOf(await server.gql(READ, { id: gone }, admin)).subjectRequest).toBeNull();
    }
  });

  it('is replaced by the same request an admin enters verified', async () => {
    const email = uniqueEmail('called.in');
    const unverified = dataOf(
      await server.gql(SUBMIT, { input: { type: 'OBJECTION', email } }),
    ).submitSubjectRequest;
    const entered = await submitRequest(server, 'OBJECTION', email, { channel: 'PHONE' });
    expect(entered).toMatchObject({ status: 'OPEN' });
    expect(dataOf(await server.gql(READ, { id: unverified.id }, admin)).subjectRequest).toBeNull();
    expect(dataOf(await server.gql(REQUESTS_OF, { email }, admin)).subject.requests).toEqual([
      { id: entered.id, status: 'OPEN' },
    ]);
  });
});
