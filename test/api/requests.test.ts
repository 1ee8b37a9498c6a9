import { createHmac } from 'node:crypto';
import {
  adminToken,
  createEventFixture,
  createWebhookPartner,
  dataOf,
  personToken,
  recordSharing,
  registerPerson,
  submitRequest,
  uniqueEmail,
  verificationMail,
} from '../support/factories';
import {
  codes,
  eventually,
  mails,
  startTestServer,
  waitForMail,
  type TestServer,
} from '../support/harness';
import { serverPerTest } from '../support/servers';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhooks';

let server: TestServer;
let admin: string;
let receiver: WebhookReceiver;

beforeAll(async () => {
  server = await startTestServer({ stream: true });
  admin = await adminToken();
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await server.close();
  await receiver.close();
});

const FIELDS = `id type status email jurisdiction receivedAt verifiedAt dueAt overdue extensionReason completedAt rejectionReason result history { status actor note }`;
const SUBMIT = `mutation ($input: SubmitSubjectRequestInput!) { submitSubjectRequest(input: $input) { ${FIELDS} } }`;
const VERIFY = `mutation ($id: ID!, $code: String!) { verifySubjectRequest(id: $id, code: $code) { status verifiedAt } }`;
const COMPLETE = `mutation ($id: ID!, $note: String) { completeSubjectRequest(id: $id, note: $note) { ${FIELDS} } }`;
const EXTEND = `mutation ($id: ID!) { extendSubjectRequest(id: $id, reason: "Many requests at once") { status dueAt extensionReason } }`;
const REJECT = `mutation ($id: ID!) { rejectSubjectRequest(id: $id, reason: "We hold a legal duty to keep these invoices") { status rejectionReason } }`;
const SUBJECT_ID = `query ($email: EmailAddress!) { subject(email: $email) { id } }`;

/**
 * A person registered for an event with consent to its marketing and updates
 * purposes, whose name and email were shared with a partner that has a webhook.
 */
async function personWithData() {
  const partner = await createWebhookPartner(server, receiver, { name: 'Acme', country: 'DE' });
  const fixture = await createEventFixture(server, { cosponsor: partner });
  const { marketing, updates } = fixture.purposes;
  const { email } = await registerPerson(server, fixture, {
    consentPurposeIds: [marketing.id, updates.id],
  });
  await recordSharing(server, partner.id, email);
  return { email, partner, fixture };
}

function hooksAbout(partner: { hooks(): { headers: Record<string, unknown>; body: string }[] }) {
  return (topic: string, requestId: string) =>
    partner
      .hooks()
      .filter(
        (hook) =>
          hook.headers['x-privacy-ops-topic'] === topic &&
          JSON.parse(hook.body).data.requestId === requestId,
      );
}

describe('submission and verification', () => {
  it('waits for the mailed code, counts wrong codes and opens with the right one', async () => {
    const email = uniqueEmail('web.form');
    const submitted = await server.gql(SUBMIT, {
      input: { type: 'ACCESS', email: email.toUpperCase() },
    });
    const request = submitted.data?.submitSubjectRequest;
    expect(request).toMatchObject({
      status: 'AWAITING_VERIFICATION',
      email,
      jurisdiction: 'GDPR',
    });

    const { mail, code } = await verificationMail(server.mailDir, request.id);
    expect(mail.to).toContain(email);

    const wrong = code === '000000' ? '111111' : '000000';
    expect(codes(await server.gql(VERIFY, { id: request.id, code: wrong }))).toEqual([
      'BAD_USER_INPUT',
    ]);
    const verified = await server.gql(VERIFY, { id: request.id, code });
    expect(verified.data?.verifySubjectRequest.status).toBe('OPEN');
    expect(codes(await server.gql(VERIFY, { id: request.id, code }))).toEqual(['CONFLICT']);
  });

  it('locks a request after five wrong codes', async () => {
    const request = await submitRequest(server, 'ERASURE', uniqueEmail('guess'), {
      verified: false,
    });
    const { code } = await verificationMail(server.mailDir, request.id);
    const wrong = code === '999999' ? '999998' : '999999';
    for (let i = 0; i < 5; i += 1) {
      expect(codes(await server.gql(VERIFY, { id: request.id, code: wrong }))).toEqual([
        'BAD_USER_INPUT',
      ]);
    }
    expect(codes(await server.gql(VERIFY, { id: request.id, code }))).toEqual(['CONFLICT']);
  });

  it('refuses identityVerified from a public caller', async () => {
    const forged = await server.gql(SUBMIT, {
      input: { type: 'ACCESS', email: uniqueEmail(), identityVerified: true },
    });
    expect(codes(forged)).toEqual(['FORBIDDEN']);
  });

  it('opens a person’s own request at once, due 45 days later under the CCPA', async () => {
    const email = uniqueEmail('own');
    const own = await server.gql(
      SUBMIT,
      { input: { type: 'ACCESS', email, jurisdiction: 'CCPA' } },
      await personToken(email),
    );
    const request = own.data?.submitSubjectRequest;
    expect(request.status).toBe('OPEN');
    const days = (Date.parse(request.dueAt) - Date.parse(request.receivedAt)) / 86_400_000;
    expect(days).toBeGreaterThan(44);
    expect(days).toBeLessThanOrEqual(46);
  });

  it('shows a request to its person and to nobody else', async () => {
    const email = uniqueEmail('own');
    const person = await personToken(email);
    const request = dataOf(
      await server.gql(SUBMIT, { input: { type: 'ACCESS', email } }, person),
    ).submitSubjectRequest;
    const mine = await server.gql(`{ me { requests { id type } } }`, {}, person);
    expect(mine.data?.me.requests).toEqual([{ id: request.id, type: 'ACCESS' }]);

    const read = `query ($id: ID!) { subjectRequest(id: $id) { id } }`;
    const stranger = await personToken(uniqueEmail('stranger'));
    expect((await server.gql(read, { id: request.id }, stranger)).data).toEqual({
      subjectRequest: null,
    });
    expect((await server.gql(read, { id: request.id }, person)).data).toEqual({
      subjectRequest: { id: request.id },
    });
  });
});

describe('deadlines, extension and rejection', () => {
  it('extends a GDPR request once to three months, with the reason mailed', async () => {
    const request = await submitRequest(server, 'ACCESS', uniqueEmail('slow'));
    const extended = await server.gql(EXTEND, { id: request.id }, admin);
    expect(extended.data?.extendSubjectRequest).toMatchObject({
      status: 'EXTENDED',
      extensionReason: 'Many requests at once',
    });
    const days =
      (Date.parse(extended.data?.extendSubjectRequest.dueAt) - Date.parse(request.receivedAt)) /
      86_400_000;
    expect(days).toBeGreaterThan(88);
    expect(days).toBeLessThan(93);
    expect(codes(await server.gql(EXTEND, { id: request.id }, admin))).toEqual(['CONFLICT']);
    const mail = await waitForMail(
      server.mailDir,
      (m) => m.topic === 'request.extended' && m.raw.includes(request.id),
    );
    expect(mail.raw).toContain('Many requests at once');
  });

  it('refuses to extend a PIPL request: the house rule gives no extension', async () => {
    const pipl = await submitRequest(server, 'ACCESS', uniqueEmail('pipl'), {
      jurisdiction: 'PIPL',
    });
    expect(codes(await server.gql(EXTEND, { id: pipl.id }, admin))).toEqual(['CONFLICT']);
  });

  it('mails a rejection with the reason and the right to complain', async () => {
    const request = await submitRequest(server, 'ERASURE', uniqueEmail('refused'));
    const rejected = await server.gql(REJECT, { id: request.id }, admin);
    expect(rejected.data?.rejectSubjectRequest.status).toBe('REJECTED');
    const mail = await waitForMail(
      server.mailDir,
      (m) => m.topic === 'request.rejected' && m.raw.includes(request.id),
    );
    expect(mail.raw).toContain('legal duty');
    expect(mail.raw).toMatch(/supervisory authority/);
  });

  describe('the queue', () => {
    // The queue lists the whole table, and the test moves the clock: a table of its own.
    const startOwnServer = serverPerTest();

    it('orders open requests by due date, and shows the active ones overdue once their time has passed', async () => {
      const own = await startOwnServer();
      const QUEUE = `query ($status: RequestStatus, $overdue: Boolean) { subjectRequests(status: $status, overdue: $overdue, first: 100) { nodes { id dueAt overdue status } } }`;
      const open = await Promise.all(
        ['CCPA', 'GDPR', 'PIPL'].map((jurisdiction) =>
          submitRequest(own, 'ACCESS', uniqueEmail(), { jurisdiction }),
        ),
      );
      const closed = await submitRequest(own, 'ERASURE', uniqueEmail());
      dataOf(await own.gql(REJECT, { id: closed.id }, admin));

      const queue = await own.gql(QUEUE, { status: 'OPEN' }, admin);
      const dues = queue.data?.subjectRequests.nodes.map((node: { dueAt: string }) => node.dueAt);
      expect(dues).toHaveLength(3);
      expect(dues).toEqual([...dues].sort());
      expect((await own.gql(QUEUE, { overdue: true }, admin)).data?.subjectRequests.nodes).toEqual(
        [],
      );

      own.clock.advance(200 * 86_400_000);
      const overdue = await own.gql(QUEUE, { overdue: true }, admin);
      const nodes = overdue.data?.subjectRequests.nodes as { id: string; overdue: boolean }[];
      expect(nodes.map((node) => node.id).sort()).toEqual(open.map((request) => request.id).sort());
      expect(nodes.every((node) => node.overdue)).toBe(true);
    });
  });
});

describe('completion carries the request out', () => {
  it('ACCESS: exports everything held, with the recipients, and mails the person', async () => {
    const { email, partner, fixture } = await personWithData();
    const request = await submitRequest(server, 'ACCESS', email);
    const done = await server.gql(COMPLETE, { id: request.id }, admin);
    const result = done.data?.completeSubjectRequest.result;
    expect(result.subject.email).toBe(email);
    expect(result.registrations[0].event.id).toBe(fixture.eventId);
    expect(result.consents[0]).toMatchObject({
      status: 'GRANTED',
      receipt: { version: 'KI-CR-v1.1.0' },
    });
    expect(result.sharingRecords[0].recipient).toMatchObject({
      id: partner.id,
      name: 'Acme',
      country: 'DE',
    });
    await waitForMail(
      server.mailDir,
      (m) => m.topic === 'request.completed' && m.raw.includes(request.id),
    );
  });

  it('ERASURE: keeps nothing but the request, keeps the disclosure without the person, tells the partner', async () => {
    const { email, partner } = await personWithData();
    const personId = dataOf(await server.gql(SUBJECT_ID, { email }, admin)).subject.id;
    const SHARED = `query ($partnerId: ID) { sharingRecords(partnerId: $partnerId, first: 100) { nodes { id subjectId } } }`;
    const before = await server.gql(SHARED, { partnerId: partner.id }, admin);
    expect(before.data?.sharingRecords.nodes).toEqual([
      { id: expect.any(String), subjectId: personId },
    ]);
    const request = await submitRequest(server, 'ERASURE', email);
    const done = await server.gql(COMPLETE, { id: request.id }, admin);
    expect(done.data?.completeSubjectRequest.status).toBe('COMPLETED');

    expect((await server.gql(SUBJECT_ID, { email }, admin)).data).toEqual({ subject: null });
    const after = await server.gql(SHARED, { partnerId: partner.id }, admin);
    const disclosures = after.data?.sharingRecords.nodes as {
      id: string;
      subjectId: string | null;
    }[];
    expect(disclosures.map((node) => node.id)).toEqual(
      before.data?.sharingRecords.nodes.map((node: { id: string }) => node.id),
    );
    expect(disclosures.map((node) => node.subjectId)).not.toContain(personId);
    const kept = await server.gql(
      `query ($id: ID!) { subjectRequest(id: $id) { status email } }`,
      { id: request.id },
      admin,
    );
    expect(kept.data?.subjectRequest).toEqual({ status: 'COMPLETED', email });

    const hook = await eventually(
      async () => hooksAbout(partner)('subject.erasure', request.id)[0],
    );
    const body = JSON.parse(hook.body);
    expect(body).toMatchObject({
      topic: 'subject.erasure',
      data: { email, requestId: request.id },
    });
    const expected = `sha256=${createHmac('sha256', partner.webhookSecret).update(hook.body).digest('hex')}`;
    expect(hook.headers['x-privacy-ops-signature']).toBe(expected);
    expect(hook.headers['x-privacy-ops-delivery']).toBe(body.id);
  });

  it('RECTIFICATION: corrects the data wherever it is held and tells the partner what changed', async () => {
    const { email, partner } = await personWithData();
    const request = await submitRequest(server, 'RECTIFICATION', email, {
      corrections: [{ category: 'NAME', value: 'Ada King' }],
    });
    dataOf(await server.gql(COMPLETE, { id: request.id }, admin));
    const subject = await server.gql(
      `query ($email: EmailAddress!) { subject(email: $email) { registrations { attendee { name } } } }`,
      { email },
      admin,
    );
    expect(subject.data?.subject.registrations).toEqual([{ attendee: { name: 'Ada King' } }]);
    const hook = await eventually(
      async () => hooksAbout(partner)('subject.rectification', request.id)[0],
    );
    expect(JSON.parse(hook.body).data.corrections).toEqual([
      { category: 'NAME', value: 'Ada King' },
    ]);
  });

  it('RESTRICTION: restricts the person, refuses new sharing and tells the partner', async () => {
    const { email, partner } = await personWithData();
    const request = await submitRequest(server, 'RESTRICTION', email);
    dataOf(await server.gql(COMPLETE, { id: request.id }, admin));
    const restricted = await server.gql(
      `query ($email: EmailAddress!) { subject(email: $email) { restricted } }`,
      { email },
      admin,
    );
    expect(restricted.data).toEqual({ subject: { restricted: true } });
    const share = await server.gql(
      `mutation ($partnerId: ID!, $email: EmailAddress) { recordSharing(input: { partnerId: $partnerId, subjectEmail: $email, categories: [NAME], purpose: "x", situation: COSPONSORED_EVENT }) { id } }`,
      { partnerId: partner.id, email },
      admin,
    );
    expect(codes(share)).toEqual(['CONFLICT']);
    await eventually(async () => hooksAbout(partner)('subject.restriction', request.id).length > 0);
  });

  it.each<[string, string, boolean]>([
    ['an OBJECTION naming a purpose withdraws', 'OBJECTION', true],
    ['a WITHDRAW_CONSENT naming a purpose withdraws', 'WITHDRAW_CONSENT', true],
  ])(
    '%s that purpose’s consent, recorded as the request, and leaves the others granted',
    async (_case, type) => {
      const { email, fixture } = await personWithData();
      const { marketing, updates } = fixture.purposes;
      const request = await submitRequest(server, type, email, { purposeIds: [marketing.id] });
      dataOf(await server.gql(COMPLETE, { id: request.id }, admin));
      expect(await consentsOf(email)).toEqual({
        [marketing.id]: {
          status: 'WITHDRAWN',
          method: 'SUBJECT_REQUEST',
          history: [
            { status: 'GRANTED', method: 'EVENT_REGISTRATION' },
            { status: 'WITHDRAWN', method: 'SUBJECT_REQUEST' },
          ],
        },
        [updates.id]: {
          status: 'GRANTED',
          method: 'EVENT_REGISTRATION',
          history: [{ status: 'GRANTED', method: 'EVENT_REGISTRATION' }],
        },
      });
    },
  );

  it('WITHDRAW_CONSENT naming no purpose withdraws every consent, recorded as the request', async () => {
    const { email, fixture } = await personWithData();
    const request = await submitRequest(server, 'WITHDRAW_CONSENT', email);
    dataOf(await server.gql(COMPLETE, { id: request.id }, admin));
    const withdrawn = {
      status: 'WITHDRAWN',
      method: 'SUBJECT_REQUEST',
      history: [
        { status: 'GRANTED', method: 'EVENT_REGISTRATION' },
        { status: 'WITHDRAWN', method: 'SUBJECT_REQUEST' },
      ],
    };
    expect(await consentsOf(email)).toEqual({
      [fixture.purposes.marketing.id]: withdrawn,
      [fixture.purposes.updates.id]: withdrawn,
    });
  });

  /** The person's consents by purpose. */
  async function consentsOf(email: string) {
    const subject = await server.gql(
      `query ($email: EmailAddress!) { subject(email: $email) { consents { purpose { id } status method history { status method } } } }`,
      { email },
      admin,
    );
    return Object.fromEntries(
      subject.data?.subject.consents.map(({ purpose, ...consent }: { purpose: { id: string } }) => [
        purpose.id,
        consent,
      ]),
    );
  }

  it('AUTOMATED_DECISION_REVIEW: needs the reviewer’s note', async () => {
    const review = await submitRequest(server, 'AUTOMATED_DECISION_REVIEW', uniqueEmail('review'));
    expect(codes(await server.gql(COMPLETE, { id: review.id }, admin))).toEqual(['BAD_USER_INPUT']);
    const done = await server.gql(
      COMPLETE,
      { id: review.id, note: 'Reviewed by a person: decision upheld' },
      admin,
    );
    expect(done.data?.completeSubjectRequest.status).toBe('COMPLETED');
  });

  it('completes nothing before the identity is verified', async () => {
    const pending = await submitRequest(server, 'ACCESS', uniqueEmail('pending'), {
      verified: false,
    });
    expect(codes(await server.gql(COMPLETE, { id: pending.id }, admin))).toEqual(['CONFLICT']);
  });
});

describe('deliveries', () => {
  // Counts every delivery of the table: a table of its own.
  const startOwnServer = serverPerTest({ stream: true });

  it('records every mail as a delivery, and writes each sent one as a file', async () => {
    const own = await startOwnServer();
    const unverified = await submitRequest(own, 'ACCESS', uniqueEmail(), { verified: false });
    const extended = await submitRequest(own, 'ACCESS', uniqueEmail());
    dataOf(await own.gql(EXTEND, { id: extended.id }, admin));
    dataOf(await own.gql(REJECT, { id: extended.id }, admin));
    const reviewed = await submitRequest(own, 'AUTOMATED_DECISION_REVIEW', uniqueEmail());
    dataOf(await own.gql(COMPLETE, { id: reviewed.id, note: 'Upheld' }, admin));
    const caused: [string, string][] = [
      ['request.verification', unverified.id],
      ['request.extended', extended.id],
      ['request.rejected', extended.id],
      ['request.completed', reviewed.id],
    ];
    for (const [topic, requestId] of caused) {
      await waitForMail(own.mailDir, (m) => m.topic === topic && m.raw.includes(requestId));
    }

    const QUERY = `{ deliveries(first: 100) { nodes { id channel status attempts } } }`;
    const nodes = await eventually(async () => {
      const response = await own.gql(QUERY, {}, admin);
      const all = response.data?.deliveries.nodes as {
        id: string;
        channel: string;
        status: string;
      }[];
      return all.every((node) => node.status !== 'PENDING') && all;
    });
    const files = new Set(mails(own.mailDir).map((mail) => mail.file));
    const sentMails = nodes.filter((node) => node.channel === 'EMAIL' && node.status === 'SENT');
    expect(sentMails).toHaveLength(caused.length);
    expect(sentMails.filter((node) => !files.has(`${node.id}.eml`))).toEqual([]);
  });
});
