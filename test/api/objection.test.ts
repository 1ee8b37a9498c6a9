/**
 * Objection and restriction mean what they say: an objection to direct
 * marketing withdraws every marketing consent and refuses new ones until the
 * person grants one again themselves; while restricted, no new marketing
 * consent is taken. Withdrawing is always possible.
 */
import {
  REGISTER,
  adminToken,
  createEvent,
  createEventFixture,
  createPurpose,
  dataOf,
  personToken,
  registerPerson,
  registrationInput,
  submitRequest,
  type EventFixture,
} from '../support/factories';
import { codes, startTestServer, type TestServer } from '../support/harness';

let server: TestServer;
let admin: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await adminToken();
});
afterAll(() => server.close());

const COMPLETE = `mutation ($id: ID!) { completeSubjectRequest(id: $id) { status result } }`;
const GRANT = `mutation ($input: ConsentInput!) { grantConsent(input: $input) { status method } }`;
const WITHDRAW = `mutation ($purposeId: ID!) { withdrawConsent(purposeId: $purposeId) { status } }`;
const SUBJECT = `query ($email: EmailAddress!) {
  subject(email: $email) {
    id restricted objectedToDirectMarketingAt
    registrations { event { id } }
    consents { purpose { id } status method history { status } }
  }
}`;

interface SubjectSeen {
  id: string;
  restricted: boolean;
  objectedToDirectMarketingAt: string | null;
  registrations: { event: { id: string } }[];
  consents: { purpose: { id: string }; status: string; method: string; history: unknown[] }[];
}

async function subjectOf(email: string): Promise<SubjectSeen> {
  return dataOf(await server.gql<{ subject: SubjectSeen }>(SUBJECT, { email }, admin)).subject;
}

async function statusesOf(email: string): Promise<Record<string, [string, string]>> {
  return Object.fromEntries(
    (await subjectOf(email)).consents.map((consent) => [
      consent.purpose.id,
      [consent.status, consent.method],
    ]),
  );
}

/** A registration for a new event of the fixture's, ticking `consentPurposeIds`; it must succeed. */
async function registerAgain(
  fixture: EventFixture,
  email: string,
  consentPurposeIds: string[],
): Promise<string> {
  const event = await createEvent(server, fixture.purposes.registration.id);
  dataOf(
    await server.gql(
      REGISTER,
      registrationInput({ ...fixture, eventId: event.id }, email, {}, { consentPurposeIds }),
    ),
  );
  return event.id;
}

function grantInput(fixture: EventFixture, purposeId: string) {
  return {
    input: { purposeId, noticeId: fixture.noticeId, noticeVersion: fixture.noticeVersion },
  };
}

async function complete(type: string, email: string, purposeIds?: string[]) {
  const request = await submitRequest(server, type, email, purposeIds ? { purposeIds } : {});
  return dataOf(await server.gql(COMPLETE, { id: request.id }, admin)).completeSubjectRequest;
}

describe('an objection to direct marketing', () => {
  it('withdraws every marketing consent, refuses a registration’s tick, and the person’s own grant lifts it', async () => {
    const fixture = await createEventFixture(server);
    const { marketing, updates } = fixture.purposes;
    const offers = await createPurpose(server, 'marketing');
    const { email } = await registerPerson(server, fixture, {
      consentPurposeIds: [marketing.id, offers.id, updates.id],
    });

    await complete('OBJECTION', email, [marketing.id]);
    expect(await statusesOf(email)).toEqual({
      [marketing.id]: ['WITHDRAWN', 'SUBJECT_REQUEST'],
      [offers.id]: ['WITHDRAWN', 'SUBJECT_REQUEST'],
      [updates.id]: ['GRANTED', 'EVENT_REGISTRATION'],
    });
    const objected = (await subjectOf(email)).objectedToDirectMarketingAt;
    expect(objected).not.toBeNull();

    const eventId = await registerAgain(fixture, email, [marketing.id, offers.id]);
    const subject = await subjectOf(email);
    expect(subject.registrations.map((registration) => registration.event.id)).toContain(eventId);
    expect(await statusesOf(email)).toMatchObject({
      [marketing.id]: ['WITHDRAWN', 'SUBJECT_REQUEST'],
      [offers.id]: ['WITHDRAWN', 'SUBJECT_REQUEST'],
    });

    const person = await personToken(email);
    const own = dataOf(await server.gql(GRANT, grantInput(fixture, marketing.id), person));
    expect(own.grantConsent).toEqual({ status: 'GRANTED', method: 'WEB_FORM' });
    expect((await subjectOf(email)).objectedToDirectMarketingAt).toBeNull();
    const audit = dataOf(
      await server.gql(
        `query ($id: String) { auditLog(entity: "Subject", entityId: $id) { nodes { action role } } }`,
        { id: subject.id },
        admin,
      ),
    );
    expect(audit.auditLog.nodes).toEqual([
      { action: 'liftDirectMarketingObjection', role: 'SUBJECT' },
    ]);

    await registerAgain(fixture, email, [offers.id]);
    expect((await statusesOf(email))[offers.id]).toEqual(['GRANTED', 'EVENT_REGISTRATION']);
  });

  it('is every purpose when it names none; one naming only other purposes leaves marketing alone', async () => {
    const fixture = await createEventFixture(server);
    const { marketing, updates } = fixture.purposes;
    const all = await registerPerson(server, fixture, {
      consentPurposeIds: [marketing.id, updates.id],
    });
    await complete('OBJECTION', all.email);
    expect(await statusesOf(all.email)).toEqual({
      [marketing.id]: ['WITHDRAWN', 'SUBJECT_REQUEST'],
      [updates.id]: ['WITHDRAWN', 'SUBJECT_REQUEST'],
    });
    expect((await subjectOf(all.email)).objectedToDirectMarketingAt).not.toBeNull();

    const some = await registerPerson(server, fixture, {
      consentPurposeIds: [marketing.id, updates.id],
    });
    await complete('OBJECTION', some.email, [updates.id]);
    expect(await statusesOf(some.email)).toEqual({
      [marketing.id]: ['GRANTED', 'EVENT_REGISTRATION'],
      [updates.id]: ['WITHDRAWN', 'SUBJECT_REQUEST'],
    });
    expect((await subjectOf(some.email)).objectedToDirectMarketingAt).toBeNull();
  });

  it('shows in the person’s access export', async () => {
    const fixture = await createEventFixture(server);
    const { email } = await registerPerson(server, fixture, {
      consentPurposeIds: [fixture.purposes.marketing.id],
    });
    await complete('OBJECTION', email);
    const access = await complete('ACCESS', email);
    expect(access.result.subject.objectedToDirectMarketingAt).toBe(
      (await subjectOf(email)).objectedToDirectMarketingAt,
    );
    expect(access.result.consents[0].history.at(-1)).toEqual({
      status: 'WITHDRAWN',
      at: expect.any(String),
      noticeId: fixture.noticeId,
      noticeVersion: fixture.noticeVersion,
      method: 'SUBJECT_REQUEST',
      requestedStatus: null,
      confirmedDespiteSignal: false,
    });
  });
});

describe('a restricted person', () => {
  it('gives no new marketing consent: CONFLICT and nothing written, ticks not recorded, withdrawals still taken', async () => {
    const fixture = await createEventFixture(server);
    const { marketing, updates } = fixture.purposes;
    const offers = await createPurpose(server, 'marketing');
    const { email } = await registerPerson(server, fixture, { consentPurposeIds: [offers.id] });
    await complete('RESTRICTION', email);
    const before = await subjectOf(email);
    expect(before.restricted).toBe(true);

    const person = await personToken(email);
    const refused = await server.gql(GRANT, grantInput(fixture, marketing.id), person);
    expect(codes(refused)).toEqual(['CONFLICT']);
    expect(refused.errors?.[0]?.message).toMatch(/restricted/);
    expect(await subjectOf(email)).toEqual(before);

    await registerAgain(fixture, email, [marketing.id, updates.id]);
    expect(await statusesOf(email)).toEqual({
      [offers.id]: ['GRANTED', 'EVENT_REGISTRATION'],
      [updates.id]: ['GRANTED', 'EVENT_REGISTRATION'],
    });

    const withdrawn = dataOf(await server.gql(WITHDRAW, { purposeId: offers.id }, person));
    expect(withdrawn.withdrawConsent.status).toBe('WITHDRAWN');
  });
});
