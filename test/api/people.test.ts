import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { personKeys } from '../../store/keys';
import {
  codes,
  startTestServer,
  tokenFor,
  type GraphqlResponse,
  type TestServer,
} from '../support/harness';
import { CREATE_EVENT, REGISTER, eventInput, publish, seedRegister } from '../support/people';

interface SharingPage {
  sharingRecords: {
    nodes: { id: string; partner: { id: string } }[];
    pageInfo: { endCursor: string | null };
  };
}

let server: TestServer;
let admin: string;
let noticeVersion: number;

beforeAll(async () => {
  server = await startTestServer();
  admin = await tokenFor({ role: 'admin' });
  await seedRegister(server.gql, admin);
  noticeVersion = 1;
  const created = await server.gql(CREATE_EVENT, { input: eventInput('summit') }, admin);
  if (created.errors) throw new Error(JSON.stringify(created.errors));
});
afterAll(() => server.close());

function registration(
  email: string,
  attendee: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) {
  return {
    input: {
      eventId: 'summit',
      attendee: { name: 'Ada Lovelace', email, country: 'GB', ...attendee },
      noticeId: 'site',
      noticeVersion,
      ...extra,
    },
  };
}

const SUBJECT = `query ($email: EmailAddress!) {
  subject(email: $email) {
    id email restricted
    registrations { id status event { id } attendee { name country } }
    consents { purpose { id } status method noticeVersion needsReconfirmation history { status method noticeVersion } }
    sharingRecords { id partner { id } situation }
  }
}`;

describe('partners', () => {
  it('never returns the webhook secret, and keeps it when an update leaves it out', async () => {
    const updated = await server.gql(
      `mutation { upsertPartner(input: { id: "acme", name: "Acme Events GmbH", kind: COSPONSOR, country: "DE", webhookUrl: "http://127.0.0.1:9/acme" }) { id name hasWebhookSecret } }`,
      {},
      admin,
    );
    expect(updated.data?.upsertPartner).toEqual({
      id: 'acme',
      name: 'Acme Events GmbH',
      hasWebhookSecret: true,
    });
    const asking = await server.gql(`{ partners { id webhookSecret } }`, {}, admin);
    expect(codes(asking)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const listed = await server.gql(`{ partners { id kind country } }`, {}, admin);
    expect(listed.data?.partners).toEqual([
      { id: 'acme', kind: 'COSPONSOR', country: 'DE' },
      { id: 'globex', kind: 'SERVICE_PROVIDER', country: 'CN' },
    ]);
  });
});

describe('events', () => {
  it('lists what an event collects, for which purpose, with its cosponsors', async () => {
    const response = await server.gql(
      `{ event(id: "summit") { id cosponsors { id } dataUses { category purpose { id lawfulBasis } } } }`,
    );
    expect(response.data?.event.cosponsors).toEqual([{ id: 'acme' }]);
    expect(response.data?.event.dataUses).toContainEqual({
      category: 'COUNTRY',
      purpose: { id: 'event-registration', lawfulBasis: 'CONTRACT' },
    });
    const upcoming = await server.gql(
      `{ events(upcoming: true) { id } past: events(upcoming: false) { id } }`,
    );
    expect(upcoming.data).toEqual({ events: [{ id: 'summit' }], past: [] });
  });

  it.each([
    ['an unknown purpose', { dataUses: [{ category: 'EMAIL', purposeId: 'nope' }] }, 'NOT_FOUND'],
    [
      'a category its purpose does not cover',
      { dataUses: [{ category: 'PHONE', purposeId: 'marketing' }] },
      'BAD_USER_INPUT',
    ],
    ['an end before its start', { endsAt: new Date(Date.now()).toISOString() }, 'BAD_USER_INPUT'],
    ['an unknown cosponsor', { cosponsorIds: ['initech'] }, 'NOT_FOUND'],
  ])('refuses an event with %s', async (_case, overrides, code) => {
    const response = await server.gql(
      CREATE_EVENT,
      { input: eventInput('refused', overrides) },
      admin,
    );
    expect(codes(response)).toEqual([code]);
    expect((await server.gql(`{ event(id: "refused") { id } }`)).data).toEqual({ event: null });
  });
});

describe('registration', () => {
  it('refuses a field whose category the event did not declare, and stores nothing', async () => {
    const response = await server.gql(
      REGISTER,
      registration('grace@example.org', { phone: '+44 20 0000 0000' }),
    );
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.message).toContain('phone');
    expect((await server.gql(SUBJECT, { email: 'grace@example.org' }, admin)).data).toEqual({
      subject: null,
    });
  });

  it('refuses a registration pinned to a notice version that is not in effect', async () => {
    const response = await server.gql(
      REGISTER,
      registration('grace@example.org', {}, { noticeVersion: 99 }),
    );
    expect(codes(response)).toEqual(['CONFLICT']);
  });

  it('grants consent only to purposes that rest on consent', async () => {
    const response = await server.gql(
      REGISTER,
      registration('grace@example.org', {}, { consentPurposeIds: ['event-registration'] }),
    );
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
  });

  it('registers a person with the consents they gave, in one go', async () => {
    const response = await server.gql(
      REGISTER,
      registration(
        'Ada@Example.org',
        { organizationType: 'University' },
        { consentPurposeIds: ['marketing'] },
      ),
    );
    expect(response.data?.registerForEvent).toMatchObject({
      status: 'REGISTERED',
      noticeVersion,
      attendee: {
        name: 'Ada Lovelace',
        email: 'ada@example.org',
        country: 'GB',
        organization: null,
      },
      event: { id: 'summit' },
    });
    const subject = await server.gql(SUBJECT, { email: 'ada@example.org' }, admin);
    expect(subject.data?.subject.registrations).toHaveLength(1);
    expect(subject.data?.subject.consents).toEqual([
      {
        purpose: { id: 'marketing' },
        status: 'GRANTED',
        method: 'EVENT_REGISTRATION',
        noticeVersion,
        needsReconfirmation: false,
        history: [{ status: 'GRANTED', method: 'EVENT_REGISTRATION', noticeVersion }],
      },
    ]);
    const again = await server.gql(REGISTER, registration('ada@example.org'));
    expect(codes(again)).toEqual(['CONFLICT']);
  });

  it('makes one person of two simultaneous first registrations with one address', async () => {
    await server.gql(CREATE_EVENT, { input: eventInput('workshop') }, admin);
    const both = await Promise.all([
      server.gql(REGISTER, registration('twin@example.org')),
      server.gql(REGISTER, {
        input: { ...registration('TWIN@example.org').input, eventId: 'workshop' },
      }),
    ]);
    expect(both.map(codes)).toEqual([[], []]);
    const subject = await server.gql(SUBJECT, { email: 'twin@example.org' }, admin);
    expect(
      subject.data?.subject.registrations.map((r: { event: { id: string } }) => r.event.id).sort(),
    ).toEqual(['summit', 'workshop']);
  });

  it('lets the person cancel their own registration, and nobody else', async () => {
    const made = await server.gql(REGISTER, registration('cancel@example.org'));
    const id = made.data?.registerForEvent.id;
    const cancel = `mutation ($id: ID!) { cancelRegistration(id: $id) { status } }`;
    const stranger = await tokenFor({ role: 'subject', email: 'someone-else@example.org' });
    expect(codes(await server.gql(cancel, { id }, stranger))).toEqual(['FORBIDDEN']);
    const own = await tokenFor({ role: 'subject', email: 'cancel@example.org' });
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

  it('is granted, withdrawn in one call and granted again, with its history and a receipt', async () => {
    const person = await tokenFor({ role: 'subject', email: 'lin@example.org' });
    const granted = await server.gql(
      GRANT,
      { input: { purposeId: 'research-updates', noticeId: 'site', noticeVersion } },
      person,
    );
    expect(granted.data?.grantConsent).toMatchObject({ status: 'GRANTED', method: 'WEB_FORM' });
    const receipt = granted.data?.grantConsent.receipt;
    expect(receipt).toMatchObject({
      version: 'KI-CR-v1.1.0',
      collectionMethod: 'WEB_FORM',
      language: 'en',
      piiPrincipalId: 'lin@example.org',
      sensitive: false,
      spiCat: [],
    });
    expect(receipt.consentReceiptID).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(Number.isInteger(receipt.consentTimestamp)).toBe(true);
    expect(receipt.piiControllers[0]).toEqual(
      expect.objectContaining({ piiController: expect.any(String), address: expect.any(String) }),
    );
    expect(receipt.policyUrl).toContain('site');
    expect(receipt.services[0].purposes[0]).toMatchObject({
      purposeCategory: ['https://w3id.org/dpv#CommunicationManagement'],
      piiCategory: ['https://w3id.org/dpv/pd#EmailAddress'],
      consentType: 'EXPLICIT',
      thirdPartyDisclosure: false,
    });

    const withdrawn = await server.gql(WITHDRAW, { purposeId: 'research-updates' }, person);
    expect(withdrawn.data?.withdrawConsent.status).toBe('WITHDRAWN');
    const twice = await server.gql(WITHDRAW, { purposeId: 'research-updates' }, person);
    expect(twice.data?.withdrawConsent.history).toHaveLength(2);

    const regranted = await server.gql(
      GRANT,
      { input: { purposeId: 'research-updates', noticeId: 'site', noticeVersion } },
      person,
    );
    expect(regranted.data?.grantConsent.history).toEqual([
      { status: 'GRANTED' },
      { status: 'WITHDRAWN' },
      { status: 'GRANTED' },
    ]);
    expect(regranted.data?.grantConsent.receipt.consentReceiptID).not.toBe(
      receipt.consentReceiptID,
    );
  });

  it('refuses consent to a purpose that does not rest on it, and needs a verified person', async () => {
    const person = await tokenFor({ role: 'subject', email: 'lin@example.org' });
    const input = { input: { purposeId: 'event-registration', noticeId: 'site', noticeVersion } };
    expect(codes(await server.gql(GRANT, input, person))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await server.gql(GRANT, input))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await server.gql(GRANT, input, admin))).toEqual(['FORBIDDEN']);
  });

  it('treats Sec-GPC: 1 as a refusal of marketing, recorded as the signal', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'sec-gpc': '1' },
      body: JSON.stringify({
        query: REGISTER,
        variables: registration(
          'gpc@example.org',
          {},
          { consentPurposeIds: ['marketing', 'research-updates'] },
        ),
      }),
    });
    expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
    const subject = await server.gql(SUBJECT, { email: 'gpc@example.org' }, admin);
    const byPurpose = Object.fromEntries(
      subject.data?.subject.consents.map(
        (c: { purpose: { id: string }; status: string; method: string }) => [
          c.purpose.id,
          [c.status, c.method],
        ],
      ),
    );
    expect(byPurpose).toEqual({
      marketing: ['WITHDRAWN', 'GLOBAL_PRIVACY_CONTROL'],
      'research-updates': ['GRANTED', 'EVENT_REGISTRATION'],
    });
  });

  it('asks for reconfirmation after a material version, not after a minor one', async () => {
    const person = await tokenFor({ role: 'subject', email: 'ren@example.org' });
    const grant = () =>
      server.gql(
        GRANT,
        { input: { purposeId: 'marketing', noticeId: 'site', noticeVersion } },
        person,
      );
    await grant();
    const ME = `{ me { consents { purpose { id } needsReconfirmation noticeVersion } } }`;
    noticeVersion = await publish(server.gql, admin, false);
    expect((await server.gql(ME, {}, person)).data?.me.consents[0].needsReconfirmation).toBe(false);
    noticeVersion = await publish(server.gql, admin, true);
    expect((await server.gql(ME, {}, person)).data?.me.consents[0].needsReconfirmation).toBe(true);
    await grant();
    expect((await server.gql(ME, {}, person)).data?.me.consents[0]).toEqual({
      purpose: { id: 'marketing' },
      needsReconfirmation: false,
      noticeVersion,
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
  const share = (overrides: Record<string, unknown>) => ({
    input: {
      partnerId: 'acme',
      subjectEmail: 'ada@example.org',
      categories: ['NAME', 'EMAIL'],
      purpose: 'Cosponsored summit attendance list',
      situation: 'COSPONSORED_EVENT',
      ...overrides,
    },
  });

  it('enforces the situation rules', async () => {
    expect(
      codes(await server.gql(RECORD, share({ situation: 'AGGREGATED_STATISTICS' }), admin)),
    ).toEqual(['BAD_USER_INPUT']);
    expect(codes(await server.gql(RECORD, share({ subjectEmail: null }), admin))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(codes(await server.gql(RECORD, share({ partnerId: 'initech' }), admin))).toEqual([
      'NOT_FOUND',
    ]);
    const aggregated = await server.gql(
      RECORD,
      share({ subjectEmail: null, situation: 'AGGREGATED_STATISTICS', partnerId: 'globex' }),
      admin,
    );
    expect(aggregated.data?.recordSharing).toMatchObject({
      subjectId: null,
      destinationCountry: 'CN',
    });
  });

  it('shares a restricted person’s data only for legal requirements or claims', async () => {
    await server.gql(REGISTER, registration('held@example.org'));
    const subject = await server.gql(SUBJECT, { email: 'held@example.org' }, admin);
    await server.db.doc.send(
      new UpdateCommand({
        TableName: server.db.table,
        Key: { pk: personKeys.partition(subject.data?.subject.id), sk: 'PROFILE' },
        UpdateExpression: 'SET restricted = :yes',
        ExpressionAttributeValues: { ':yes': true },
      }),
    );
    expect(
      codes(await server.gql(RECORD, share({ subjectEmail: 'held@example.org' }), admin)),
    ).toEqual(['CONFLICT']);
    const legal = await server.gql(
      RECORD,
      share({
        subjectEmail: 'held@example.org',
        situation: 'LEGAL_REQUIREMENT',
        legalReference: 'Order 42',
      }),
      admin,
    );
    expect(codes(legal)).toEqual([]);
  });

  it('shows each partner its own records only, paged without loss', async () => {
    for (let i = 0; i < 5; i += 1) {
      await server.gql(
        RECORD,
        share({ sharedAt: new Date(Date.now() - (10 - i) * 60_000).toISOString() }),
        admin,
      );
    }
    const acme = await tokenFor({ role: 'partner', partnerId: 'acme' });
    const globex = await tokenFor({ role: 'partner', partnerId: 'globex' });
    expect(codes(await server.gql(LIST, { partnerId: 'globex' }, acme))).toEqual(['FORBIDDEN']);

    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: GraphqlResponse<SharingPage> = await server.gql(LIST, { first: 2, after }, acme);
      const nodes = page.data?.sharingRecords.nodes ?? [];
      expect(nodes.every((node) => node.partner.id === 'acme')).toBe(true);
      seen.push(...nodes.map((node) => node.id));
      after = page.data?.sharingRecords.pageInfo.endCursor ?? null;
    } while (after);
    const all = await server.gql(LIST, { partnerId: 'acme', first: 100 }, admin);
    expect(seen).toEqual(all.data?.sharingRecords.nodes.map((node: { id: string }) => node.id));
    expect(new Set(seen).size).toBe(seen.length);

    const globexOwn = await server.gql(LIST, {}, globex);
    expect(
      globexOwn.data?.sharingRecords.nodes.map((n: { partner: { id: string } }) => n.partner.id),
    ).toEqual(['globex']);
    const recent = await server.gql(
      LIST,
      { since: new Date(Date.now() - 7 * 60_000).toISOString() },
      acme,
    );
    const times = recent.data?.sharingRecords.nodes.map((n: { sharedAt: string }) =>
      Date.parse(n.sharedAt),
    );
    expect(times.every((t: number) => t >= Date.now() - 7 * 60_000 - 1000)).toBe(true);
    expect(codes(await server.gql(LIST, { first: 1000 }, acme))).toEqual(['BAD_USER_INPUT']);
  });

  it('shows a person who received their data', async () => {
    const person = await tokenFor({ role: 'subject', email: 'ada@example.org' });
    const me = await server.gql(
      `{ me { email sharingRecords { partner { id name } situation } } }`,
      {},
      person,
    );
    expect(me.data?.me.sharingRecords[0]).toEqual({
      partner: { id: 'acme', name: 'Acme Events GmbH' },
      situation: 'COSPONSORED_EVENT',
    });
    const nobody = await tokenFor({ role: 'subject', email: 'unknown@example.org' });
    expect((await server.gql(`{ me { id } }`, {}, nobody)).data).toEqual({ me: null });
  });
});

describe('the register of processing activities', () => {
  it('lists each purpose with its DPV identifiers, events and recipients', async () => {
    const response = await server.gql(
      `{ processingRegister { controller { name } activities { purpose { id } dpvPurpose dpvLawfulBasis dataCategories { category dpv } events { id } recipients { id } } thirdCountryTransfers } }`,
      {},
      admin,
    );
    const register = response.data?.processingRegister;
    const registration = register.activities.find(
      (activity: { purpose: { id: string } }) => activity.purpose.id === 'event-registration',
    );
    expect(registration.dpvLawfulBasis).toContain('https://w3id.org/dpv/legal/eu/gdpr#A6-1-b');
    expect(registration.dataCategories).toContainEqual({
      category: 'NAME',
      dpv: 'https://w3id.org/dpv/pd#Name',
    });
    expect(registration.events.map((event: { id: string }) => event.id)).toContain('summit');
    expect(registration.recipients).toEqual([{ id: 'acme' }]);
    expect(register.thirdCountryTransfers).toEqual(['DE']);
    expect(codes(await server.gql(`{ processingRegister { generatedAt } }`))).toEqual([
      'UNAUTHENTICATED',
    ]);
  });
});
