import { createHmac } from 'node:crypto';
import {
  codes,
  eventually,
  mails,
  startTestServer,
  tokenFor,
  waitForMail,
  type TestServer,
} from '../support/harness';
import { CREATE_EVENT, REGISTER, eventInput, seedRegister } from '../support/people';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhooks';

let server: TestServer;
let admin: string;
let acmeHooks: WebhookReceiver;

const FIELDS = `id type status email jurisdiction receivedAt verifiedAt dueAt overdue extensionReason completedAt rejectionReason result history { status actor note }`;
const SUBMIT = `mutation ($input: SubmitSubjectRequestInput!) { submitSubjectRequest(input: $input) { ${FIELDS} } }`;
const VERIFY = `mutation ($id: ID!, $code: String!) { verifySubjectRequest(id: $id, code: $code) { status verifiedAt } }`;
const COMPLETE = `mutation ($id: ID!, $note: String) { completeSubjectRequest(id: $id, note: $note) { ${FIELDS} } }`;

beforeAll(async () => {
  server = await startTestServer({ stream: true });
  admin = await tokenFor({ role: 'admin' });
  await seedRegister(server.gql, admin);
  acmeHooks = await startWebhookReceiver();
  await server.gql(
    `mutation ($url: String) { upsertPartner(input: { id: "acme", name: "Acme", kind: COSPONSOR, country: "DE", webhookUrl: $url, webhookSecret: "acme-secret-0123456789" }) { id } }`,
    { url: acmeHooks.url },
    admin,
  );
  await server.gql(CREATE_EVENT, { input: eventInput('summit') }, admin);
});
afterAll(async () => {
  await server.close();
  await acmeHooks.close();
});

/** A person with a registration, a consent and a disclosure to acme. */
async function personWithData(email: string) {
  const registered = await server.gql(REGISTER, {
    input: {
      eventId: 'summit',
      attendee: { name: 'Ada Lovelace', email, country: 'GB' },
      noticeId: 'site',
      noticeVersion: 1,
      consentPurposeIds: ['marketing'],
    },
  });
  if (registered.errors) throw new Error(JSON.stringify(registered.errors));
  const shared = await server.gql(
    `mutation ($email: EmailAddress) { recordSharing(input: { partnerId: "acme", subjectEmail: $email, categories: [NAME, EMAIL], purpose: "Attendance list", situation: COSPONSORED_EVENT }) { id } }`,
    { email },
    admin,
  );
  if (shared.errors) throw new Error(JSON.stringify(shared.errors));
}

async function openRequest(type: string, email: string, extra: Record<string, unknown> = {}) {
  const response = await server.gql(
    SUBMIT,
    { input: { type, email, identityVerified: true, ...extra } },
    admin,
  );
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data?.submitSubjectRequest;
}

function hooksFor(topic: string, requestId: string) {
  return acmeHooks.received.filter(
    (hook) =>
      hook.headers['x-privacy-ops-topic'] === topic &&
      JSON.parse(hook.body).data.requestId === requestId,
  );
}

describe('submission and verification', () => {
  it('waits for the mailed code, counts wrong codes and opens with the right one', async () => {
    const submitted = await server.gql(SUBMIT, {
      input: { type: 'ACCESS', email: 'Web.Form@Example.org' },
    });
    const request = submitted.data?.submitSubjectRequest;
    expect(request).toMatchObject({
      status: 'AWAITING_VERIFICATION',
      email: 'web.form@example.org',
      jurisdiction: 'GDPR',
    });

    const mail = await waitForMail(
      server.mailDir,
      (m) => m.topic === 'request.verification' && m.raw.includes(request.id),
    );
    expect(mail.to).toContain('web.form@example.org');
    const code = /^Code: (\d{6})$/m.exec(mail.raw)?.[1];
    expect(code).toBeDefined();

    const wrong = code === '000000' ? '111111' : '000000';
    expect(codes(await server.gql(VERIFY, { id: request.id, code: wrong }))).toEqual([
      'BAD_USER_INPUT',
    ]);
    const verified = await server.gql(VERIFY, { id: request.id, code });
    expect(verified.data?.verifySubjectRequest.status).toBe('OPEN');
    expect(codes(await server.gql(VERIFY, { id: request.id, code }))).toEqual(['CONFLICT']);
  });

  it('locks a request after five wrong codes', async () => {
    const submitted = await server.gql(SUBMIT, {
      input: { type: 'ERASURE', email: 'guess@example.org' },
    });
    const id = submitted.data?.submitSubjectRequest.id;
    const mail = await waitForMail(server.mailDir, (m) => m.raw.includes(id));
    const code = /^Code: (\d{6})$/m.exec(mail.raw)?.[1] ?? '';
    const wrong = code === '999999' ? '999998' : '999999';
    for (let i = 0; i < 5; i += 1) {
      expect(codes(await server.gql(VERIFY, { id, code: wrong }))).toEqual(['BAD_USER_INPUT']);
    }
    expect(codes(await server.gql(VERIFY, { id, code }))).toEqual(['CONFLICT']);
  });

  it('refuses identityVerified from a public caller, and opens a person’s own request at once', async () => {
    const forged = await server.gql(SUBMIT, {
      input: { type: 'ACCESS', email: 'x@example.org', identityVerified: true },
    });
    expect(codes(forged)).toEqual(['FORBIDDEN']);
    const person = await tokenFor({ role: 'subject', email: 'own@example.org' });
    const own = await server.gql(
      SUBMIT,
      { input: { type: 'ACCESS', email: 'own@example.org', jurisdiction: 'CCPA' } },
      person,
    );
    const request = own.data?.submitSubjectRequest;
    expect(request.status).toBe('OPEN');
    expect(Date.parse(request.dueAt) - Date.parse(request.receivedAt)).toBeGreaterThan(
      45 * 86_400_000 - 86_400_000,
    );
    expect(Date.parse(request.dueAt) - Date.parse(request.receivedAt)).toBeLessThanOrEqual(
      46 * 86_400_000,
    );

    const mine = await server.gql(`{ me { requests { id type } } }`, {}, person);
    expect(mine.data?.me.requests).toEqual([{ id: request.id, type: 'ACCESS' }]);
    const stranger = await tokenFor({ role: 'subject', email: 'stranger@example.org' });
    const read = `query ($id: ID!) { subjectRequest(id: $id) { id } }`;
    expect((await server.gql(read, { id: request.id }, stranger)).data).toEqual({
      subjectRequest: null,
    });
    expect((await server.gql(read, { id: request.id }, person)).data).toEqual({
      subjectRequest: { id: request.id },
    });
  });
});

describe('deadlines, extension and rejection', () => {
  it('extends once, with the reason mailed, and refuses a second extension', async () => {
    const request = await openRequest('ACCESS', 'slow@example.org');
    const EXTEND = `mutation ($id: ID!) { extendSubjectRequest(id: $id, reason: "Many requests at once") { status dueAt extensionReason } }`;
    const extended = await server.gql(EXTEND, { id: request.id }, admin);
    expect(extended.data?.extendSubjectRequest).toMatchObject({
      status: 'EXTENDED',
      extensionReason: 'Many requests at once',
    });
    const months =
      (Date.parse(extended.data?.extendSubjectRequest.dueAt) - Date.parse(request.receivedAt)) /
      86_400_000;
    expect(months).toBeGreaterThan(88);
    expect(months).toBeLessThan(93);
    expect(codes(await server.gql(EXTEND, { id: request.id }, admin))).toEqual(['CONFLICT']);
    const mail = await waitForMail(
      server.mailDir,
      (m) => m.topic === 'request.extended' && m.raw.includes(request.id),
    );
    expect(mail.raw).toContain('Many requests at once');

    const pipl = await openRequest('ACCESS', 'pipl@example.org', { jurisdiction: 'PIPL' });
    expect(codes(await server.gql(EXTEND, { id: pipl.id }, admin))).toEqual(['CONFLICT']);
  });

  it('mails a rejection with the reason and the right to complain', async () => {
    const request = await openRequest('ERASURE', 'refused@example.org');
    const rejected = await server.gql(
      `mutation ($id: ID!) { rejectSubjectRequest(id: $id, reason: "We hold a legal duty to keep these invoices") { status rejectionReason } }`,
      { id: request.id },
      admin,
    );
    expect(rejected.data?.rejectSubjectRequest.status).toBe('REJECTED');
    const mail = await waitForMail(
      server.mailDir,
      (m) => m.topic === 'request.rejected' && m.raw.includes(request.id),
    );
    expect(mail.raw).toContain('legal duty');
    expect(mail.raw).toMatch(/supervisory authority/);
  });

  it('queues open requests by due date, and shows the overdue ones once their time has passed', async () => {
    const QUEUE = `query ($status: RequestStatus, $overdue: Boolean) { subjectRequests(status: $status, overdue: $overdue, first: 100) { nodes { id dueAt overdue status } } }`;
    const queue = await server.gql(QUEUE, { status: 'OPEN' }, admin);
    const dues = queue.data?.subjectRequests.nodes.map((node: { dueAt: string }) => node.dueAt);
    expect(dues).toEqual([...dues].sort());
    expect((await server.gql(QUEUE, { overdue: true }, admin)).data?.subjectRequests.nodes).toEqual(
      [],
    );

    server.clock.advance(200 * 86_400_000);
    const overdue = await server.gql(QUEUE, { overdue: true }, admin);
    const nodes = overdue.data?.subjectRequests.nodes as { overdue: boolean; status: string }[];
    expect(nodes.length).toBeGreaterThan(0);
    expect(
      nodes.every(
        (node) => node.overdue && node.status !== 'COMPLETED' && node.status !== 'REJECTED',
      ),
    ).toBe(true);
    server.clock.advance(-200 * 86_400_000);
  });
});

describe('completion carries the request out', () => {
  it('ACCESS: exports everything held, with the recipients', async () => {
    await personWithData('access@example.org');
    const request = await openRequest('ACCESS', 'access@example.org');
    const done = await server.gql(COMPLETE, { id: request.id }, admin);
    const result = done.data?.completeSubjectRequest.result;
    expect(result.subject.email).toBe('access@example.org');
    expect(result.registrations[0].event.id).toBe('summit');
    expect(result.consents[0]).toMatchObject({
      status: 'GRANTED',
      receipt: { version: 'KI-CR-v1.1.0' },
    });
    expect(result.sharingRecords[0].recipient).toMatchObject({
      id: 'acme',
      name: 'Acme',
      country: 'DE',
    });
    await waitForMail(
      server.mailDir,
      (m) => m.topic === 'request.completed' && m.raw.includes(request.id),
    );
  });

  it('ERASURE: keeps nothing but the request, keeps the disclosure without the person, tells the partner', async () => {
    await personWithData('erase@example.org');
    const request = await openRequest('ERASURE', 'erase@example.org');
    const before = await server.gql(
      `{ sharingRecords(partnerId: "acme", first: 100) { nodes { id subjectId } } }`,
      {},
      admin,
    );
    const done = await server.gql(COMPLETE, { id: request.id }, admin);
    expect(done.data?.completeSubjectRequest.status).toBe('COMPLETED');

    expect(
      (await server.gql(`query { subject(email: "erase@example.org") { id } }`, {}, admin)).data,
    ).toEqual({ subject: null });
    const after = await server.gql(
      `{ sharingRecords(partnerId: "acme", first: 100) { nodes { id subjectId } } }`,
      {},
      admin,
    );
    expect(after.data?.sharingRecords.nodes).toHaveLength(before.data?.sharingRecords.nodes.length);
    const subjectIds = new Set(
      after.data?.sharingRecords.nodes.map((n: { subjectId: string | null }) => n.subjectId),
    );
    expect(subjectIds.has(request.subjectId ?? '')).toBe(false);
    const kept = await server.gql(
      `query ($id: ID!) { subjectRequest(id: $id) { status email } }`,
      { id: request.id },
      admin,
    );
    expect(kept.data?.subjectRequest).toEqual({ status: 'COMPLETED', email: 'erase@example.org' });

    const hook = await eventually(async () => hooksFor('subject.erasure', request.id)[0]);
    const body = JSON.parse(hook.body);
    expect(body).toMatchObject({
      topic: 'subject.erasure',
      data: { email: 'erase@example.org', requestId: request.id },
    });
    const expected = `sha256=${createHmac('sha256', 'acme-secret-0123456789').update(hook.body).digest('hex')}`;
    expect(hook.headers['x-privacy-ops-signature']).toBe(expected);
    expect(hook.headers['x-privacy-ops-delivery']).toBe(body.id);
  });

  it('RECTIFICATION: corrects the data wherever it is held and tells the partner what changed', async () => {
    await personWithData('fix@example.org');
    const request = await openRequest('RECTIFICATION', 'fix@example.org', {
      corrections: [{ category: 'NAME', value: 'Ada King' }],
    });
    await server.gql(COMPLETE, { id: request.id }, admin);
    const subject = await server.gql(
      `{ subject(email: "fix@example.org") { registrations { attendee { name } } } }`,
      {},
      admin,
    );
    expect(subject.data?.subject.registrations).toEqual([{ attendee: { name: 'Ada King' } }]);
    const hook = await eventually(async () => hooksFor('subject.rectification', request.id)[0]);
    expect(JSON.parse(hook.body).data.corrections).toEqual([
      { category: 'NAME', value: 'Ada King' },
    ]);
  });

  it('RESTRICTION: restricts the person, refuses new sharing and tells the partner', async () => {
    await personWithData('hold@example.org');
    const request = await openRequest('RESTRICTION', 'hold@example.org');
    await server.gql(COMPLETE, { id: request.id }, admin);
    expect(
      (await server.gql(`{ subject(email: "hold@example.org") { restricted } }`, {}, admin)).data,
    ).toEqual({
      subject: { restricted: true },
    });
    const share = await server.gql(
      `mutation { recordSharing(input: { partnerId: "acme", subjectEmail: "hold@example.org", categories: [NAME], purpose: "x", situation: COSPONSORED_EVENT }) { id } }`,
      {},
      admin,
    );
    expect(codes(share)).toEqual(['CONFLICT']);
    await eventually(async () => hooksFor('subject.restriction', request.id).length > 0);
  });

  it('WITHDRAW_CONSENT and OBJECTION: withdraw the consents by the request', async () => {
    await personWithData('stop@example.org');
    const request = await openRequest('WITHDRAW_CONSENT', 'stop@example.org', {
      purposeIds: ['marketing'],
    });
    await server.gql(COMPLETE, { id: request.id }, admin);
    const subject = await server.gql(
      `{ subject(email: "stop@example.org") { consents { status method } } }`,
      {},
      admin,
    );
    expect(subject.data?.subject.consents).toEqual([
      { status: 'WITHDRAWN', method: 'SUBJECT_REQUEST' },
    ]);
  });

  it('AUTOMATED_DECISION_REVIEW: needs the reviewer’s note; nothing completes before verification', async () => {
    const review = await openRequest('AUTOMATED_DECISION_REVIEW', 'review@example.org');
    expect(codes(await server.gql(COMPLETE, { id: review.id }, admin))).toEqual(['BAD_USER_INPUT']);
    const done = await server.gql(
      COMPLETE,
      { id: review.id, note: 'Reviewed by a person: decision upheld' },
      admin,
    );
    expect(done.data?.completeSubjectRequest.status).toBe('COMPLETED');

    const pending = await server.gql(SUBMIT, {
      input: { type: 'ACCESS', email: 'pending@example.org' },
    });
    expect(
      codes(await server.gql(COMPLETE, { id: pending.data?.submitSubjectRequest.id }, admin)),
    ).toEqual(['CONFLICT']);
  });

  it('records every mail as a delivery, and writes each sent one as a file', async () => {
    const QUERY = `{ deliveries(first: 100) { nodes { id channel status attempts } } }`;
    const nodes = await eventually(async () => {
      const response = await server.gql(QUERY, {}, admin);
      const all = response.data?.deliveries.nodes as {
        id: string;
        channel: string;
        status: string;
      }[];
      return all.every((node) => node.status !== 'PENDING') && all;
    });
    const files = new Set(mails(server.mailDir).map((mail) => mail.file));
    const sentMails = nodes.filter((node) => node.channel === 'EMAIL' && node.status === 'SENT');
    expect(sentMails.length).toBeGreaterThan(5);
    expect(sentMails.filter((node) => !files.has(`${node.id}.eml`))).toEqual([]);
  });
});
