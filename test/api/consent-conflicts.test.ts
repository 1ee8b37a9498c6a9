/**
 * Global Privacy Control against what the person asks (11 CCR §7025(c)(3),
 * (c)(5)): the signal overrides a marketing grant and the history keeps what
 * was asked; the person may confirm the grant despite the signal, and later
 * requests under the signal leave that confirmation alone; a refusal by the
 * signal is not undone by a form merely sent without it.
 */
import {
  REGISTER,
  adminToken,
  createEvent,
  createEventFixture,
  createPurpose,
  dataOf,
  personToken,
  registrationInput,
  uniqueEmail,
  type EventFixture,
} from '../support/factories';
import { startTestServer, type Gql, type TestServer } from '../support/harness';
import { gqlUnderGpc } from '../support/signals';

let server: TestServer;
let underGpc: Gql;
let admin: string;

beforeAll(async () => {
  server = await startTestServer();
  underGpc = gqlUnderGpc(server);
  admin = await adminToken();
});
afterAll(() => server.close());

const GRANT = `mutation ($input: ConsentInput!) {
  grantConsent(input: $input) { status method history { status method requestedStatus confirmedDespiteSignal } }
}`;
const WITHDRAW = `mutation ($purposeId: ID!) { withdrawConsent(purposeId: $purposeId) { status } }`;
const CONSENTS = `query ($email: EmailAddress!) {
  subject(email: $email) {
    consents { purpose { id } status method history { status method requestedStatus confirmedDespiteSignal } }
  }
}`;

interface ConsentSeen {
  status: string;
  method: string;
  history: {
    status: string;
    method: string;
    requestedStatus: string | null;
    confirmedDespiteSignal: boolean;
  }[];
}

async function consentsOf(email: string): Promise<Record<string, ConsentSeen>> {
  const subject = dataOf(await server.gql(CONSENTS, { email }, admin)).subject;
  return Object.fromEntries(
    subject.consents.map(({ purpose, ...consent }: ConsentSeen & { purpose: { id: string } }) => [
      purpose.id,
      consent,
    ]),
  );
}

function grantInput(fixture: EventFixture, purposeId: string, extra: Record<string, unknown> = {}) {
  return {
    input: {
      purposeId,
      noticeId: fixture.noticeId,
      noticeVersion: fixture.noticeVersion,
      ...extra,
    },
  };
}

/** Registers the person for a new event of the fixture's, ticking `consentPurposeIds`. */
async function registerAgain(
  gql: Gql,
  fixture: EventFixture,
  email: string,
  consentPurposeIds: string[],
): Promise<void> {
  const event = await createEvent(server, fixture.purposes.registration.id);
  dataOf(
    await gql(
      REGISTER,
      registrationInput({ ...fixture, eventId: event.id }, email, {}, { consentPurposeIds }),
    ),
  );
}

const ordinary = (status: string, method: string) => ({
  status,
  method,
  requestedStatus: null,
  confirmedDespiteSignal: false,
});

describe('a marketing grant under Global Privacy Control', () => {
  it('is recorded as refused by the signal, with what the person asked for', async () => {
    const fixture = await createEventFixture(server);
    const { marketing, updates } = fixture.purposes;
    const email = uniqueEmail('asked');
    const person = await personToken(email);

    const granted = dataOf(await underGpc(GRANT, grantInput(fixture, marketing.id), person));
    expect(granted.grantConsent).toEqual({
      status: 'WITHDRAWN',
      method: 'GLOBAL_PRIVACY_CONTROL',
      history: [
        {
          status: 'WITHDRAWN',
          method: 'GLOBAL_PRIVACY_CONTROL',
          requestedStatus: 'GRANTED',
          confirmedDespiteSignal: false,
        },
      ],
    });
    const other = dataOf(await underGpc(GRANT, grantInput(fixture, updates.id), person));
    expect(other.grantConsent.history).toEqual([ordinary('GRANTED', 'WEB_FORM')]);
  });

  it('asked on a registration form is recorded alike', async () => {
    const fixture = await createEventFixture(server);
    const { marketing } = fixture.purposes;
    const email = uniqueEmail('form');
    dataOf(
      await underGpc(
        REGISTER,
        registrationInput(fixture, email, {}, { consentPurposeIds: [marketing.id] }),
      ),
    );
    expect((await consentsOf(email))[marketing.id]?.history).toEqual([
      {
        status: 'WITHDRAWN',
        method: 'GLOBAL_PRIVACY_CONTROL',
        requestedStatus: 'GRANTED',
        confirmedDespiteSignal: false,
      },
    ]);
  });
});

describe('a confirmation despite the signal', () => {
  it('grants the consent, recorded as confirmed, and no later request under the signal undoes it', async () => {
    const fixture = await createEventFixture(server);
    const { marketing, updates } = fixture.purposes;
    const unconfirmed = await createPurpose(server, 'marketing');
    const email = uniqueEmail('confirms');
    const person = await personToken(email);
    dataOf(await server.gql(GRANT, grantInput(fixture, unconfirmed.id), person));
    dataOf(await underGpc(GRANT, grantInput(fixture, marketing.id), person));

    const confirmed = dataOf(
      await underGpc(
        GRANT,
        grantInput(fixture, marketing.id, { confirmDespiteSignal: true }),
        person,
      ),
    );
    expect(confirmed.grantConsent).toMatchObject({ status: 'GRANTED', method: 'WEB_FORM' });
    expect(confirmed.grantConsent.history.at(-1)).toEqual({
      status: 'GRANTED',
      method: 'WEB_FORM',
      requestedStatus: null,
      confirmedDespiteSignal: true,
    });

    // A registration under the signal ticking nothing, one ticking the purpose,
    // a grant of another purpose and a grant of the purpose again.
    await registerAgain(underGpc, fixture, email, []);
    await registerAgain(underGpc, fixture, email, [marketing.id]);
    dataOf(await underGpc(GRANT, grantInput(fixture, updates.id), person));
    dataOf(await underGpc(GRANT, grantInput(fixture, marketing.id), person));

    const consents = await consentsOf(email);
    expect(consents[marketing.id]).toMatchObject({ status: 'GRANTED', method: 'WEB_FORM' });
    expect(consents[marketing.id]?.history).toHaveLength(2);
    // The marketing consent given without the signal and never confirmed is refused by it.
    expect(consents[unconfirmed.id]).toMatchObject({
      status: 'WITHDRAWN',
      method: 'GLOBAL_PRIVACY_CONTROL',
    });
  });

  it('ends with a withdrawal: a later grant under the signal is refused by it again', async () => {
    const fixture = await createEventFixture(server);
    const { marketing } = fixture.purposes;
    const email = uniqueEmail('ends');
    const person = await personToken(email);
    const confirm = grantInput(fixture, marketing.id, { confirmDespiteSignal: true });
    dataOf(await underGpc(GRANT, confirm, person));
    dataOf(await server.gql(WITHDRAW, { purposeId: marketing.id }, person));
    await registerAgain(underGpc, fixture, email, [marketing.id]);
    expect((await consentsOf(email))[marketing.id]?.history).toEqual([
      { ...ordinary('GRANTED', 'WEB_FORM'), confirmedDespiteSignal: true },
      ordinary('WITHDRAWN', 'WEB_FORM'),
      {
        status: 'WITHDRAWN',
        method: 'GLOBAL_PRIVACY_CONTROL',
        requestedStatus: 'GRANTED',
        confirmedDespiteSignal: false,
      },
    ]);
  });

  it('is an ordinary grant without the signal, or for a purpose that is not marketing', async () => {
    const fixture = await createEventFixture(server);
    const { marketing, updates } = fixture.purposes;
    const person = await personToken(uniqueEmail('ordinary'));
    const withoutSignal = dataOf(
      await server.gql(
        GRANT,
        grantInput(fixture, marketing.id, { confirmDespiteSignal: true }),
        person,
      ),
    );
    expect(withoutSignal.grantConsent.history).toEqual([ordinary('GRANTED', 'WEB_FORM')]);
    const notMarketing = dataOf(
      await underGpc(
        GRANT,
        grantInput(fixture, updates.id, { confirmDespiteSignal: true }),
        person,
      ),
    );
    expect(notMarketing.grantConsent.history).toEqual([ordinary('GRANTED', 'WEB_FORM')]);
  });
});

describe('a refusal by the signal', () => {
  it('is not undone by a later registration without the signal; the person’s own grant undoes it', async () => {
    const fixture = await createEventFixture(server);
    const { marketing, updates } = fixture.purposes;
    const email = uniqueEmail('known');
    dataOf(
      await underGpc(
        REGISTER,
        registrationInput(fixture, email, {}, { consentPurposeIds: [marketing.id] }),
      ),
    );
    await registerAgain(server.gql, fixture, email, [marketing.id, updates.id]);
    const after = await consentsOf(email);
    expect(after[marketing.id]).toMatchObject({
      status: 'WITHDRAWN',
      method: 'GLOBAL_PRIVACY_CONTROL',
    });
    expect(after[marketing.id]?.history).toHaveLength(1);
    expect(after[updates.id]?.status).toBe('GRANTED');

    const own = dataOf(
      await server.gql(GRANT, grantInput(fixture, marketing.id), await personToken(email)),
    );
    expect(own.grantConsent).toMatchObject({ status: 'GRANTED', method: 'WEB_FORM' });
  });
});
