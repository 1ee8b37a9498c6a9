import {
  CREATE_EVENT,
  REGISTER,
  UPSERT_PARTNER,
  adminToken,
  createEvent,
  createEventFixture,
  createPartner,
  createPublishedNotice,
  createPurpose,
  dataOf,
  eventInput,
  personToken,
  publishNextVersion,
  permitSharing,
  recordSharing,
  registerPerson,
  registrationInput,
  submitRequest,
  unique,
  uniqueEmail,
  type FixtureServer,
} from '../support/factories';
import {
  codes,
  startTestServer,
  tokenFor,
  type GraphqlResponse,
  type TestServer,
} from '../support/harness';
import { serverPerTest } from '../support/servers';

let server: TestServer;
let admin: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await adminToken();
});
afterAll(() => server.close());

const SUBJECT = `query ($email: EmailAddress!) {
  subject(email: $email) {
    id email restricted
    registrations { id status event { id } attendee { name country } }
    consents { purpose { id } status method noticeVersion needsReconfirmation history { status method noticeVersion } }
    sharingRecords { id partner { id } situation }
  }
}`;

describe('partners', () => {
  it('never hands out a webhook secret, and keeps it when an update leaves it out', async () => {
    const partner = await createPartner(server, {
      webhookUrl: 'http://127.0.0.1:9/hooks',
      webhookSecret: 'a-secret-0123456789',
    });
    const updated = await server.gql(
      UPSERT_PARTNER,
      {
        input: {
          id: partner.id,
          name: 'Acme Events GmbH',
          kind: 'COSPONSOR',
          country: 'DE',
          webhookUrl: 'http://127.0.0.1:9/hooks',
        },
      },
      admin,
    );
    expect(updated.data?.upsertPartner).toEqual({
      id: partner.id,
      name: 'Acme Events GmbH',
      hasWebhookSecret: true,
    });
    const asking = await server.gql(`{ partners { id webhookSecret } }`, {}, admin);
    expect(codes(asking)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('lists partners in order of id, with their kind and country', async () => {
    const prefix = unique('listed');
    const globex = await createPartner(server, {
      id: `${prefix}-globex`,
      name: 'Globex',
      kind: 'SERVICE_PROVIDER',
      country: 'CN',
    });
    const acme = await createPartner(server, { id: `${prefix}-acme` });
    const listed = await server.gql(`{ partners { id kind country } }`, {}, admin);
    expect(
      listed.data?.partners.filter((partner: { id: string }) => partner.id.startsWith(prefix)),
    ).toEqual([
      { id: acme.id, kind: 'COSPONSOR', country: 'DE' },
      { id: globex.id, kind: 'SERVICE_PROVIDER', country: 'CN' },
    ]);
  });
});

describe('events', () => {
  it('show what they collect, for which purpose, and their cosponsors', async () => {
    const fixture = await createEventFixture(server);
    const response = await server.gql(
      `query ($id: ID!) { event(id: $id) { id cosponsors { id } dataUses { category purpose { id lawfulBasis } } } }`,
      { id: fixture.eventId },
    );
    expect(response.data?.event.cosponsors).toEqual([{ id: fixture.cosponsor.id }]);
    expect(response.data?.event.dataUses).toContainEqual({
      category: 'COUNTRY',
      purpose: { id: fixture.purposes.registration.id, lawfulBasis: 'CONTRACT' },
    });
  });

  it('are listed as upcoming until they end, and as past after', async () => {
    const purpose = await createPurpose(server, 'registration');
    const now = server.clock.now().getTime();
    const upcoming = await createEvent(server, purpose.id);
    const ended = await createEvent(server, purpose.id, {
      startsAt: new Date(now - 2 * 86_400_000).toISOString(),
      endsAt: new Date(now - 86_400_000).toISOString(),
    });
    const lists = await server.gql(
      `{ upcoming: events(upcoming: true) { id } past: events(upcoming: false) { id } }`,
    );
    const ids = (list: { id: string }[]) => list.map((event) => event.id);
    expect(ids(lists.data?.upcoming)).toContain(upcoming.id);
    expect(ids(lists.data?.upcoming)).not.toContain(ended.id);
    expect(ids(lists.data?.past)).toContain(ended.id);
    expect(ids(lists.data?.past)).not.toContain(upcoming.id);
  });

  it.each<
    [string, (purposes: { marketing: string; now: Date }) => Record<string, unknown>, string]
  >([
    [
      'an unknown purpose',
      () => ({ dataUses: [{ category: 'EMAIL', purposeId: unique('unknown') }] }),
      'NOT_FOUND',
    ],
    [
      'a category its purpose does not cover',
      ({ marketing }) => ({ dataUses: [{ category: 'PHONE', purposeId: marketing }] }),
      'BAD_USER_INPUT',
    ],
    ['an end before its start', ({ now }) => ({ endsAt: now.toISOString() }), 'BAD_USER_INPUT'],
    ['an unknown cosponsor', () => ({ cosponsorIds: [unique('initech')] }), 'NOT_FOUND'],
  ])('refuses an event with %s and stores nothing', async (_case, overrides, code) => {
    const [registration, marketing] = await Promise.all([
      createPurpose(server, 'registration'),
      createPurpose(server, 'marketing'),
    ]);
    const input = eventInput(
      server,
      registration.id,
      overrides({ marketing: marketing.id, now: server.clock.now() }),
    );
    expect(codes(await server.gql(CREATE_EVENT, { input }, admin))).toEqual([code]);
    const stored = await server.gql(`query ($id: ID!) { event(id: $id) { id } }`, {
      id: input.id,
    });
    expect(stored.data).toEqual({ event: null });
  });
});

describe('registration', () => {
  it('refuses a field whose category the event did not declare, and stores nothing', async () => {
    const fixture = await createEventFixture(server);
    const email = uniqueEmail();
    const response = await server.gql(
      REGISTER,
      registrationInput(fixture, email, { phone: '+44 20 0000 0000' }),
    );
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.message).toContain('phone');
    expect((await server.gql(SUBJECT, { email }, admin)).data).toEqual({ subject: null });
  });

  it.each<[string, (server: FixtureServer, noticeId: string) => Promise<number>]>([
    ['that does not exist', async () => 99],
    [
      'superseded by a newer one',
      async (fixtureServer, noticeId) => {
        await publishNextVersion(fixtureServer, noticeId, { material: false });
        return 1;
      },
    ],
  ])('refuses a registration pinned to a notice version %s', async (_case, pinnedVersion) => {
    const fixture = await createEventFixture(server);
    const noticeVersion = await pinnedVersion(server, fixture.noticeId);
    const response = await server.gql(
      REGISTER,
      registrationInput(fixture, uniqueEmail(), {}, { noticeVersion }),
    );
    expect(codes(response)).toEqual(['CONFLICT']);
  });

  it('takes consent on the form only for purposes that rest on consent', async () => {
    const fixture = await createEventFixture(server);
    const response = await server.gql(
      REGISTER,
      registrationInput(
        fixture,
        uniqueEmail(),
        {},
        { consentPurposeIds: [fixture.purposes.registration.id] },
      ),
    );
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
  });

  it('registers a person with the consents they gave, in one go, under their lower-case address', async () => {
    const fixture = await createEventFixture(server);
    const email = uniqueEmail('ada');
    const response = await server.gql(
      REGISTER,
      registrationInput(
        fixture,
        email.replace(/^a/, 'A').replace('example', 'Example'),
        { organizationType: 'University' },
        { consentPurposeIds: [fixture.purposes.marketing.id] },
      ),
    );
    expect(response.data?.registerForEvent).toMatchObject({
      status: 'REGISTERED',
      noticeVersion: fixture.noticeVersion,
      attendee: { name: 'Ada Lovelace', email, country: 'GB', organization: null },
      event: { id: fixture.eventId },
    });
    const subject = await server.gql(SUBJECT, { email }, admin);
    expect(subject.data?.subject.registrations).toHaveLength(1);
    expect(subject.data?.subject.consents).toEqual([
      {
        purpose: { id: fixture.purposes.marketing.id },
        status: 'GRANTED',
        method: 'EVENT_REGISTRATION',
        noticeVersion: fixture.noticeVersion,
        needsReconfirmation: false,
        history: [
          { status: 'GRANTED', method: 'EVENT_REGISTRATION', noticeVersion: fixture.noticeVersion },
        ],
      },
    ]);
  });

  it('refuses a second registration of one person for one event', async () => {
    const fixture = await createEventFixture(server);
    const { email } = await registerPerson(server, fixture);
    const again = await server.gql(REGISTER, registrationInput(fixture, email));
    expect(codes(again)).toEqual(['CONFLICT']);
  });

  it('makes one person of two simultaneous first registrations with one address', async () => {
    const fixture = await createEventFixture(server);
    const workshop = await createEvent(server, fixture.purposes.registration.id);
    const email = uniqueEmail('twin');
    const both = await Promise.all([
      server.gql(REGISTER, registrationInput(fixture, email)),
      server.gql(
        REGISTER,
        registrationInput({ ...fixture, eventId: workshop.id }, email.toUpperCase()),
      ),
    ]);
    expect(both.map(codes)).toEqual([[], []]);
    const subject = await server.gql(SUBJECT, { email }, admin);
    expect(
      subject.data?.subject.registrations.map((r: { event: { id: string } }) => r.event.id).sort(),
    ).toEqual([fixture.eventId, workshop.id].sort());
  });

  it('lets the person cancel their own registration, and nobody else', async () => {
    const fixture = await createEventFixture(server);
    const { email, registrationId: id } = await registerPerson(server, fixture);
    const cancel = `mutation ($id: ID!) { cancelRegistration(id: $id) { status } }`;
    const stranger = await personToken(uniqueEmail('stranger'));
    expect(codes(await server.gql(cancel, { id }, stranger))).toEqual(['FORBIDDEN']);
    const own = await personToken(email);
    expect((await server.gql(cancel, { id }, own)).data).toEqual({
      cancelRegistration: { status: 'CANCELLED' },
    });
    expect(codes(await server.gql(cancel, { id }, own))).toEqual(['CONFLICT']);
  });
});

describe('consent', () => {
  const GRANT = `mutation ($input: ConsentInput!) {
    grantConsent(input: $input) { status method noticeVersion needsReconfirmation history { status } receipt }
  }`;
  const WITHDRAW = `mutation ($purposeId: ID!) { withdrawConsent(purposeId: $purposeId) { status method history { status method } } }`;

  it('is granted with a Kantara receipt, withdrawn in one call and granted again, keeping its history', async () => {
    const [notice, updates] = await Promise.all([
      createPublishedNotice(server),
      createPurpose(server, 'updates'),
    ]);
    const email = uniqueEmail('lin');
    const person = await personToken(email);
    const grant = { input: { purposeId: updates.id, ...notice } };
    const granted = await server.gql(GRANT, grant, person);
    expect(granted.data?.grantConsent).toMatchObject({ status: 'GRANTED', method: 'WEB_FORM' });
    const receipt = granted.data?.grantConsent.receipt;
    expect(receipt).toMatchObject({
      version: 'KI-CR-v1.1.0',
      collectionMethod: 'WEB_FORM',
      language: 'en',
      sensitive: false,
      spiCat: [],
    });
    // The person's opaque id, never their address (the 27560 record names them the same way).
    const me = await server.gql(`{ me { id } }`, {}, person);
    expect(receipt.piiPrincipalId).toBe(me.data?.me.id);
    expect(JSON.stringify(receipt)).not.toContain(email);
    expect(receipt.consentReceiptID).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(Number.isInteger(receipt.consentTimestamp)).toBe(true);
    expect(receipt.piiControllers[0]).toEqual(
      expect.objectContaining({ piiController: expect.any(String), address: expect.any(String) }),
    );
    expect(receipt.policyUrl).toContain(notice.noticeId);
    expect(receipt.services[0].purposes[0]).toMatchObject({
      purposeCategory: ['https://w3id.org/dpv#CommunicationManagement'],
      piiCategory: ['https://w3id.org/dpv/pd#EmailAddress'],
      consentType: 'EXPLICIT',
      thirdPartyDisclosure: false,
    });

    const withdrawn = await server.gql(WITHDRAW, { purposeId: updates.id }, person);
    expect(withdrawn.data?.withdrawConsent.status).toBe('WITHDRAWN');
    const twice = await server.gql(WITHDRAW, { purposeId: updates.id }, person);
    expect(twice.data?.withdrawConsent.history).toHaveLength(2);

    const regranted = await server.gql(GRANT, grant, person);
    expect(regranted.data?.grantConsent.history).toEqual([
      { status: 'GRANTED' },
      { status: 'WITHDRAWN' },
      { status: 'GRANTED' },
    ]);
    expect(regranted.data?.grantConsent.receipt.consentReceiptID).not.toBe(
      receipt.consentReceiptID,
    );
  });

  it('is refused for a purpose that does not rest on it, and asks for a person', async () => {
    const [notice, registration] = await Promise.all([
      createPublishedNotice(server),
      createPurpose(server, 'registration'),
    ]);
    const input = { input: { purposeId: registration.id, ...notice } };
    const person = await personToken(uniqueEmail());
    expect(codes(await server.gql(GRANT, input, person))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await server.gql(GRANT, input))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await server.gql(GRANT, input, admin))).toEqual(['FORBIDDEN']);
  });

  it('treats Sec-GPC: 1 as a refusal of marketing, recorded as the signal', async () => {
    const fixture = await createEventFixture(server);
    const { marketing, updates } = fixture.purposes;
    const email = uniqueEmail('gpc');
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'sec-gpc': '1' },
      body: JSON.stringify({
        query: REGISTER,
        variables: registrationInput(
          fixture,
          email,
          {},
          { consentPurposeIds: [marketing.id, updates.id] },
        ),
      }),
    });
    expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
    const subject = await server.gql(SUBJECT, { email }, admin);
    const byPurpose = Object.fromEntries(
      subject.data?.subject.consents.map(
        (c: { purpose: { id: string }; status: string; method: string }) => [
          c.purpose.id,
          [c.status, c.method],
        ],
      ),
    );
    expect(byPurpose).toEqual({
      [marketing.id]: ['WITHDRAWN', 'GLOBAL_PRIVACY_CONTROL'],
      [updates.id]: ['GRANTED', 'EVENT_REGISTRATION'],
    });
  });

  it('asks for reconfirmation after a material version, not after a minor one', async () => {
    const [notice, marketing] = await Promise.all([
      createPublishedNotice(server),
      createPurpose(server, 'marketing'),
    ]);
    const person = await personToken(uniqueEmail('ren'));
    const grantUnder = (noticeVersion: number) =>
      server.gql(
        GRANT,
        { input: { purposeId: marketing.id, noticeId: notice.noticeId, noticeVersion } },
        person,
      );
    const ME = `{ me { consents { purpose { id } needsReconfirmation noticeVersion } } }`;
    const consent = async () => (await server.gql(ME, {}, person)).data?.me.consents[0];

    await grantUnder(notice.noticeVersion);
    await publishNextVersion(server, notice.noticeId, { material: false });
    expect((await consent()).needsReconfirmation).toBe(false);
    const material = await publishNextVersion(server, notice.noticeId, { material: true });
    expect((await consent()).needsReconfirmation).toBe(true);
    await grantUnder(material);
    expect(await consent()).toEqual({
      purpose: { id: marketing.id },
      needsReconfirmation: false,
      noticeVersion: material,
    });
  });
});

describe('sharing records', () => {
  const RECORD = `mutation ($input: RecordSharingInput!) { recordSharing(input: $input) { id subjectId situation partner { id } destinationCountry } }`;
  const LIST = `query ($partnerId: ID, $since: DateTime, $first: Int, $after: String) {
    sharingRecords(partnerId: $partnerId, since: $since, first: $first, after: $after) {
      nodes { id partner { id } sharedAt } pageInfo { hasNextPage endCursor }
    }
  }`;
  const disclosure = (partnerId: string, subjectEmail: string | null) => ({
    partnerId,
    subjectEmail,
    categories: ['NAME', 'EMAIL'],
    purpose: 'Cosponsored summit attendance list',
    situation: 'COSPONSORED_EVENT',
  });

  interface SharingPage {
    sharingRecords: {
      nodes: { id: string; partner: { id: string }; sharedAt: string }[];
      pageInfo: { endCursor: string | null };
    };
  }

  /**
   * A registered person and a partner, the two ends of a disclosure: an
   * independent handler abroad, with the person's separate consents and an
   * impact assessment (PIPL), so that only the rule under test can refuse.
   */
  async function personAndPartner() {
    const fixture = await createEventFixture(server);
    const { email } = await registerPerson(server, fixture);
    await permitSharing(server, fixture.cosponsor.id, email);
    return { email, partner: fixture.cosponsor, fixture };
  }

  it.each<
    [string, (ends: { email: string; partnerId: string }) => Record<string, unknown>, string]
  >([
    [
      'aggregated statistics that name a person',
      ({ email, partnerId }) => ({
        ...disclosure(partnerId, email),
        situation: 'AGGREGATED_STATISTICS',
      }),
      'BAD_USER_INPUT',
    ],
    [
      'any other disclosure that names nobody',
      ({ partnerId }) => disclosure(partnerId, null),
      'BAD_USER_INPUT',
    ],
    [
      'a disclosure to an unknown partner',
      ({ email }) => disclosure(unique('initech'), email),
      'NOT_FOUND',
    ],
    [
      'a disclosure about a person not held',
      ({ partnerId }) => disclosure(partnerId, uniqueEmail('unknown')),
      'NOT_FOUND',
    ],
  ])('refuses %s', async (_case, input, code) => {
    const { email, partner } = await personAndPartner();
    const response = await server.gql(
      RECORD,
      { input: input({ email, partnerId: partner.id }) },
      admin,
    );
    expect(codes(response)).toEqual([code]);
  });

  it('records aggregated statistics without naming anybody, to the partner’s country', async () => {
    const partner = await createPartner(server, {
      name: 'Globex',
      kind: 'SERVICE_PROVIDER',
      country: 'CN',
    });
    const aggregated = await server.gql(
      RECORD,
      { input: { ...disclosure(partner.id, null), situation: 'AGGREGATED_STATISTICS' } },
      admin,
    );
    expect(aggregated.data?.recordSharing).toMatchObject({
      subjectId: null,
      destinationCountry: 'CN',
    });
  });

  it.each([
    ['refuses a cosponsored event', 'COSPONSORED_EVENT', null, ['CONFLICT']],
    ['allows a legal requirement', 'LEGAL_REQUIREMENT', 'Order 42', []],
    ['allows legal claims', 'LEGAL_CLAIMS', 'Case 7', []],
  ])(
    'shares a restricted person’s data only for legal requirements or claims: %s',
    async (_case, situation, legalReference, expected) => {
      const { email, partner } = await personAndPartner();
      const restriction = await submitRequest(server, 'RESTRICTION', email);
      dataOf(
        await server.gql(
          `mutation ($id: ID!) { completeSubjectRequest(id: $id) { status } }`,
          { id: restriction.id },
          admin,
        ),
      );
      const response = await server.gql(
        RECORD,
        { input: { ...disclosure(partner.id, email), situation, legalReference } },
        admin,
      );
      expect(codes(response)).toEqual(expected);
    },
  );

  /** Five disclosures to `partnerId`, ten to six minutes ago; their times, oldest first. */
  async function fiveDisclosures(partnerId: string, email: string): Promise<number[]> {
    const now = server.clock.now().getTime();
    const times = [10, 9, 8, 7, 6].map((minutesAgo) => now - minutesAgo * 60_000);
    for (const time of times) {
      dataOf(
        await server.gql(
          RECORD,
          { input: { ...disclosure(partnerId, email), sharedAt: new Date(time).toISOString() } },
          admin,
        ),
      );
    }
    return times;
  }

  it('lets a partner read only its own records, page by page without loss', async () => {
    const { email, partner } = await personAndPartner();
    const other = await createPartner(server);
    await fiveDisclosures(partner.id, email);
    await recordSharing(server, other.id, email);
    const asPartner = await tokenFor({ role: 'partner', partnerId: partner.id });

    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: GraphqlResponse<SharingPage> = await server.gql(
        LIST,
        { first: 2, after },
        asPartner,
      );
      const nodes = page.data?.sharingRecords.nodes ?? [];
      expect(nodes.every((node) => node.partner.id === partner.id)).toBe(true);
      seen.push(...nodes.map((node) => node.id));
      after = page.data?.sharingRecords.pageInfo.endCursor ?? null;
    } while (after);
    const all = await server.gql(LIST, { partnerId: partner.id, first: 100 }, admin);
    expect(seen).toEqual(all.data?.sharingRecords.nodes.map((node: { id: string }) => node.id));
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(seen.length);

    const asOther = await tokenFor({ role: 'partner', partnerId: other.id });
    const otherOwn = await server.gql(LIST, {}, asOther);
    expect(
      otherOwn.data?.sharingRecords.nodes.map((n: { partner: { id: string } }) => n.partner.id),
    ).toEqual([other.id]);
  });

  it('forbids a partner to ask for another partner’s records', async () => {
    const [partner, other] = await Promise.all([createPartner(server), createPartner(server)]);
    const asPartner = await tokenFor({ role: 'partner', partnerId: partner.id });
    expect(codes(await server.gql(LIST, { partnerId: other.id }, asPartner))).toEqual([
      'FORBIDDEN',
    ]);
  });

  it('gives a partner the records shared since a given time', async () => {
    const { email, partner } = await personAndPartner();
    const asPartner = await tokenFor({ role: 'partner', partnerId: partner.id });
    const times = await fiveDisclosures(partner.id, email);
    const since = (times[2] ?? 0) + 30_000;
    const recent = await server.gql<SharingPage>(
      LIST,
      { since: new Date(since).toISOString() },
      asPartner,
    );
    const seen = recent.data?.sharingRecords.nodes.map((n) => Date.parse(n.sharedAt)) ?? [];
    expect(seen.sort((a, b) => a - b)).toEqual(times.slice(3));
  });

  it('refuses a page larger than the bound', async () => {
    const partner = await createPartner(server);
    const asPartner = await tokenFor({ role: 'partner', partnerId: partner.id });
    expect(codes(await server.gql(LIST, { first: 1000 }, asPartner))).toEqual(['BAD_USER_INPUT']);
  });

  it('shows a person the partners that received their data, and an unknown person nothing', async () => {
    const partner = await createPartner(server, { name: 'Acme Events GmbH' });
    const fixture = await createEventFixture(server, { cosponsor: partner });
    const { email } = await registerPerson(server, fixture);
    await recordSharing(server, partner.id, email);
    const me = await server.gql(
      `{ me { email sharingRecords { partner { id name } situation } } }`,
      {},
      await personToken(email),
    );
    expect(me.data?.me.sharingRecords).toEqual([
      { partner: { id: partner.id, name: 'Acme Events GmbH' }, situation: 'COSPONSORED_EVENT' },
    ]);
    const nobody = await personToken(uniqueEmail('unknown'));
    expect((await server.gql(`{ me { id } }`, {}, nobody)).data).toEqual({ me: null });
  });
});

describe('the register of processing activities', () => {
  // The register lists the whole table: a table of its own keeps it to this test's data.
  const startOwnServer = serverPerTest();

  it('lists each purpose with its DPV identifiers, events and recipients, and the transfers abroad', async () => {
    const own = await startOwnServer();
    const fixture = await createEventFixture(own);
    await createPartner(own, { kind: 'SERVICE_PROVIDER', country: 'CN' });
    const response = await own.gql(
      `{ processingRegister { controller { name } activities { purpose { id } dpvPurpose dpvLawfulBasis dataCategories { category dpv } events { id } recipients { id } } thirdCountryTransfers } }`,
      {},
      admin,
    );
    const register = response.data?.processingRegister;
    const registration = register.activities.find(
      (activity: { purpose: { id: string } }) =>
        activity.purpose.id === fixture.purposes.registration.id,
    );
    expect(registration.dpvLawfulBasis).toContain('https://w3id.org/dpv/legal/eu/gdpr#A6-1-b');
    expect(registration.dataCategories).toContainEqual({
      category: 'NAME',
      dpv: 'https://w3id.org/dpv/pd#Name',
    });
    expect(registration.events).toEqual([{ id: fixture.eventId }]);
    expect(registration.recipients).toEqual([{ id: fixture.cosponsor.id }]);
    // The controller processes in CN: only the DE cosponsor is a transfer abroad.
    expect(register.thirdCountryTransfers).toEqual(['DE']);
  });

  it('is for administrators only', async () => {
    expect(codes(await server.gql(`{ processingRegister { generatedAt } }`))).toEqual([
      'UNAUTHENTICATED',
    ]);
  });
});
