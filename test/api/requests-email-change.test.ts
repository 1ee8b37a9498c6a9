import {
  adminToken,
  createEventFixture,
  createWebhookPartner,
  dataOf,
  recordSharing,
  registerPerson,
  uniqueEmail,
  verificationMail,
} from '../support/factories';
import {
  codes,
  eventually,
  startTestServer,
  waitForMail,
  type TestServer,
} from '../support/harness';
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

const FIELDS = `id status email newEmailProven history { status note }`;
const SUBMIT = `mutation ($input: SubmitSubjectRequestInput!) { submitSubjectRequest(input: $input) { ${FIELDS} } }`;
const VERIFY = `mutation ($id: ID!, $code: String!) { verifySubjectRequest(id: $id, code: $code) { ${FIELDS} } }`;
const COMPLETE = `mutation ($id: ID!) { completeSubjectRequest(id: $id) { ${FIELDS} } }`;
const SUBJECT = `query ($email: EmailAddress!) { subject(email: $email) { id email registrations { attendee { name email } } } }`;

/** A person registered for an event, whose data went to a partner with a webhook. */
async function registeredPerson(name: string) {
  const partner = await createWebhookPartner(server, receiver, { name: 'Acme', country: 'DE' });
  const fixture = await createEventFixture(server, { cosponsor: partner });
  const { email } = await registerPerson(server, fixture, { email: uniqueEmail(name) });
  await recordSharing(server, partner.id, email);
  return { email, partner };
}

function moveTo(email: string, newEmail: string, extra: Record<string, unknown> = {}) {
  return {
    input: {
      type: 'RECTIFICATION',
      email,
      corrections: [
        { category: 'EMAIL', value: newEmail },
        { category: 'NAME', value: 'Ada King' },
      ],
      ...extra,
    },
  };
}

async function subjectAt(email: string) {
  return dataOf(await server.gql(SUBJECT, { email }, admin)).subject;
}

/** The code mailed to the new address for this request. */
async function newAddressCode(requestId: string, newEmail: string): Promise<string> {
  const mail = await waitForMail(
    server.mailDir,
    (m) =>
      m.topic === 'request.verification' && m.raw.includes(requestId) && m.to.includes(newEmail),
  );
  const code = /^Code: (\d{6})$/m.exec(mail.raw)?.[1];
  if (!code) throw new Error('The mail to the new address carries no code');
  return code;
}

function rectificationHooks(
  partner: { hooks(): { headers: Record<string, unknown>; body: string }[] },
  requestId: string,
) {
  return partner
    .hooks()
    .filter((hook) => hook.headers['x-privacy-ops-topic'] === 'subject.rectification')
    .map((hook) => JSON.parse(hook.body).data)
    .filter((data) => data.requestId === requestId);
}

describe('a correction of the email address', () => {
  it('completed before the new address is proven: the rest at once, the address once proven', async () => {
    const { email, partner } = await registeredPerson('old.address');
    const newEmail = uniqueEmail('new.address');
    const before = await subjectAt(email);
    const request = dataOf(
      await server.gql(SUBMIT, moveTo(email, newEmail, { identityVerified: true }), admin),
    ).submitSubjectRequest;
    expect(request).toMatchObject({ status: 'OPEN', newEmailProven: false });
    const code = await newAddressCode(request.id, newEmail);

    const completed = dataOf(
      await server.gql(COMPLETE, { id: request.id }, admin),
    ).completeSubjectRequest;
    expect(completed).toMatchObject({ status: 'COMPLETED', newEmailProven: false });
    expect(await subjectAt(newEmail)).toBeNull();
    expect(await subjectAt(email)).toMatchObject({
      id: before.id,
      email,
      registrations: [{ attendee: { name: 'Ada King', email } }],
    });
    const done = await waitForMail(
      server.mailDir,
      (m) => m.topic === 'request.completed' && m.raw.includes(request.id),
    );
    expect(done.to).toContain(email);
    expect(done.raw).toContain('Your email address changes once the code');
    const told = await eventually(async () => rectificationHooks(partner, request.id)[0]);
    expect(told.corrections).toEqual([{ category: 'NAME', value: 'Ada King' }]);

    const proven = dataOf(await server.gql(VERIFY, { id: request.id, code })).verifySubjectRequest;
    expect(proven).toMatchObject({ status: 'COMPLETED', newEmailProven: true, email });
    expect(await subjectAt(email)).toBeNull();
    expect(await subjectAt(newEmail)).toMatchObject({
      id: before.id,
      email: newEmail,
      registrations: [{ attendee: { name: 'Ada King', email: newEmail } }],
    });
    const toldAgain = await eventually(
      async () =>
        rectificationHooks(partner, request.id).length === 2 &&
        rectificationHooks(partner, request.id),
    );
    expect(toldAgain.map((data) => data.corrections)).toContainEqual([
      { category: 'EMAIL', value: newEmail },
    ]);
    expect(codes(await server.gql(VERIFY, { id: request.id, code }))).toEqual(['CONFLICT']);
  });

  it('proven before completion: the completion applies it and answers to the new address', async () => {
    const { email } = await registeredPerson('web.old');
    const newEmail = uniqueEmail('web.new');
    const person = (await subjectAt(email)).id;
    const submitted = dataOf(
      await server.gql(SUBMIT, moveTo(email, newEmail)),
    ).submitSubjectRequest;
    expect(submitted).toMatchObject({ status: 'AWAITING_VERIFICATION', newEmailProven: false });
    const own = await verificationMail(server.mailDir, submitted.id);
    expect(own.mail.to).toContain(email);

    const opened = dataOf(
      await server.gql(VERIFY, { id: submitted.id, code: own.code }),
    ).verifySubjectRequest;
    expect(opened).toMatchObject({ status: 'OPEN', newEmailProven: false });
    const code = await newAddressCode(submitted.id, newEmail);
    const proven = dataOf(
      await server.gql(VERIFY, { id: submitted.id, code }),
    ).verifySubjectRequest;
    expect(proven).toMatchObject({ status: 'OPEN', newEmailProven: true });
    expect(proven.history.at(-1).note).toBe('New address proven by the code mailed to it');
    expect(await subjectAt(newEmail)).toBeNull();

    dataOf(await server.gql(COMPLETE, { id: submitted.id }, admin));
    expect(await subjectAt(email)).toBeNull();
    expect(await subjectAt(newEmail)).toMatchObject({ id: person, email: newEmail });
    const done = await waitForMail(
      server.mailDir,
      (m) => m.topic === 'request.completed' && m.raw.includes(submitted.id),
    );
    expect(done.to).toContain(newEmail);
  });

  it('counts wrong codes for the new address, and locks it after five', async () => {
    const { email } = await registeredPerson('guessed');
    const newEmail = uniqueEmail('guessed.new');
    const request = dataOf(
      await server.gql(SUBMIT, moveTo(email, newEmail, { identityVerified: true }), admin),
    ).submitSubjectRequest;
    const code = await newAddressCode(request.id, newEmail);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i += 1) {
      expect(codes(await server.gql(VERIFY, { id: request.id, code: wrong }))).toEqual([
        'BAD_USER_INPUT',
      ]);
    }
    expect(codes(await server.gql(VERIFY, { id: request.id, code }))).toEqual(['CONFLICT']);
    dataOf(await server.gql(COMPLETE, { id: request.id }, admin));
    expect(await subjectAt(newEmail)).toBeNull();
    expect((await subjectAt(email)).email).toBe(email);
  });

  it('never moves a person to another person’s address', async () => {
    const { email } = await registeredPerson('mover');
    const { email: taken } = await registeredPerson('holder');
    const holder = (await subjectAt(taken)).id;

    // An admin sees every person: told at once, and nothing is written.
    const entered = await server.gql(
      SUBMIT,
      moveTo(email, taken, { identityVerified: true }),
      admin,
    );
    expect(codes(entered)).toEqual(['CONFLICT']);
    expect(
      dataOf(
        await server.gql(
          `query ($email: EmailAddress!) { subject(email: $email) { requests { id } } }`,
          { email },
          admin,
        ),
      ).subject.requests,
    ).toEqual([]);

    // The public learns it only by proving the address is theirs.
    const submitted = dataOf(await server.gql(SUBMIT, moveTo(email, taken))).submitSubjectRequest;
    const own = await verificationMail(server.mailDir, submitted.id);
    dataOf(await server.gql(VERIFY, { id: submitted.id, code: own.code }));
    const code = await newAddressCode(submitted.id, taken);
    expect(codes(await server.gql(VERIFY, { id: submitted.id, code }))).toEqual(['CONFLICT']);
    const completed = dataOf(
      await server.gql(COMPLETE, { id: submitted.id }, admin),
    ).completeSubjectRequest;
    expect(completed).toMatchObject({ status: 'COMPLETED', newEmailProven: false });
    expect(await subjectAt(email)).toMatchObject({
      email,
      registrations: [{ attendee: { name: 'Ada King' } }],
    });
    expect((await subjectAt(taken)).id).toBe(holder);
  });

  it('changes no address when the corrected EMAIL is the one it has', async () => {
    const { email } = await registeredPerson('same');
    const request = dataOf(
      await server.gql(SUBMIT, moveTo(email, email, { identityVerified: true }), admin),
    ).submitSubjectRequest;
    expect(request.newEmailProven).toBeNull();
    dataOf(await server.gql(COMPLETE, { id: request.id }, admin));
    expect((await subjectAt(email)).registrations).toEqual([
      { attendee: { name: 'Ada King', email } },
    ]);
  });
});
