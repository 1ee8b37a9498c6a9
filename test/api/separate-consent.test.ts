/**
 * PIPL separate consent (Arts. 23, 39): a person's data goes to another
 * handler, or abroad, only once the person gave that one consent for that
 * partner and an impact assessment covers it; withdrawing stops it; entrusted
 * parties at home and legal duties need neither. The handler is in CN (the
 * default PRIVACY_OPS_CONTROLLER_COUNTRY).
 */
import {
  adminToken,
  createEventFixture,
  createPartner,
  createPublishedNotice,
  createPurpose,
  dataOf,
  grantSeparateConsents,
  personToken,
  recordAssessment,
  registerPerson,
  registrationInput,
  REGISTER,
  submitRequest,
  unique,
  uniqueEmail,
  type NoticeVersionRef,
} from '../support/factories';
import { queryAll } from '../../store/pages';
import { putPartner } from '../../store/partners';
import { expectValidConsentRecord } from '../support/consent-records';
import {
  codes,
  startTestServer,
  tokenFor,
  type GraphqlResponse,
  type TestServer,
} from '../support/harness';

let server: TestServer;
let admin: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await adminToken();
});
afterAll(() => server.close());

const RECORD = `mutation ($input: RecordSharingInput!) { recordSharing(input: $input) { id destinationCountry } }`;
const SHARED_WITH = `query ($email: EmailAddress!) { subject(email: $email) { sharingRecords { partner { id } } } }`;
const WITHDRAW = `mutation ($partnerId: ID!, $scope: SeparateConsentScope!) {
  withdrawSeparateConsent(partnerId: $partnerId, scope: $scope) { status scope noticeVersion history { status method } }
}`;
const MINE = `{ me { separateConsents {
  partner { id } scope status noticeId noticeVersion updatedAt
  history { status method noticeVersion requestedStatus confirmedDespiteSignal }
  disclosure { recipientName purposes categories }
} } }`;
const DISCLOSURE = `query ($partnerId: ID!, $scope: SeparateConsentScope!) {
  separateConsentDisclosure(partnerId: $partnerId, scope: $scope) {
    partner { id } scope recipientName recipientContact recipientCountry purposes categories processingMethod rightsProcedure
  }
}`;

/** A person held (registered for an event of their own) and the notice in effect. */
async function person(): Promise<{ email: string; notice: NoticeVersionRef }> {
  const fixture = await createEventFixture(server);
  const { email } = await registerPerson(server, fixture);
  return { email, notice: { noticeId: fixture.noticeId, noticeVersion: fixture.noticeVersion } };
}

function disclosure(partnerId: string, subjectEmail: string, extra: Record<string, unknown> = {}) {
  return {
    input: {
      partnerId,
      subjectEmail,
      categories: ['NAME', 'EMAIL'],
      purpose: 'Attendance list of the joint workshop',
      situation: 'COSPONSORED_EVENT',
      ...extra,
    },
  };
}

async function sharedWith(email: string): Promise<string[]> {
  const answer = dataOf(await server.gql(SHARED_WITH, { email }, admin));
  return answer.subject.sharingRecords.map(
    (record: { partner: { id: string } }) => record.partner.id,
  );
}

function conflictMessage(response: GraphqlResponse): string {
  expect(codes(response)).toEqual(['CONFLICT']);
  return response.errors?.[0]?.message ?? '';
}

describe('sharing with an independent handler at home', () => {
  it('is refused until the consent and an assessment exist, naming what is missing, and allowed after', async () => {
    const { email, notice } = await person();
    const partner = await createPartner(server, { kind: 'COSPONSOR', country: 'CN' });

    const neither = conflictMessage(await server.gql(RECORD, disclosure(partner.id, email), admin));
    expect(neither).toContain(
      `the person’s separate consent to PROVISION_TO_HANDLER for partner "${partner.id}"`,
    );
    expect(neither).toContain(
      `an impact assessment covering PROVISION_TO_HANDLER for partner "${partner.id}"`,
    );
    expect(neither).not.toContain('CROSS_BORDER');
    expect(await sharedWith(email)).toEqual([]);

    await grantSeparateConsents(server, email, partner.id, notice, ['PROVISION_TO_HANDLER']);
    const noAssessment = conflictMessage(
      await server.gql(RECORD, disclosure(partner.id, email), admin),
    );
    expect(noAssessment).not.toContain('separate consent');
    expect(noAssessment).toContain('an impact assessment covering PROVISION_TO_HANDLER');

    await recordAssessment(server, partner.id, ['PROVISION_TO_HANDLER']);
    dataOf(await server.gql(RECORD, disclosure(partner.id, email), admin));
    expect(await sharedWith(email)).toEqual([partner.id]);
  });

  it('takes an assessment of another partner or scope for none', async () => {
    const { email, notice } = await person();
    const [partner, other] = await Promise.all([
      createPartner(server, { country: 'CN' }),
      createPartner(server, { country: 'CN' }),
    ]);
    await grantSeparateConsents(server, email, partner.id, notice, ['PROVISION_TO_HANDLER']);
    await recordAssessment(server, other.id, ['PROVISION_TO_HANDLER']);
    await recordAssessment(server, partner.id, ['CROSS_BORDER']);
    const message = conflictMessage(await server.gql(RECORD, disclosure(partner.id, email), admin));
    expect(message).toContain('an impact assessment covering PROVISION_TO_HANDLER');
  });

  it('stops once the person withdraws, in one call', async () => {
    const { email, notice } = await person();
    const partner = await createPartner(server, { kind: 'COSPONSOR', country: 'CN' });
    await grantSeparateConsents(server, email, partner.id, notice, ['PROVISION_TO_HANDLER']);
    await recordAssessment(server, partner.id, ['PROVISION_TO_HANDLER']);
    dataOf(await server.gql(RECORD, disclosure(partner.id, email), admin));

    const withdrawn = dataOf(
      await server.gql(
        WITHDRAW,
        { partnerId: partner.id, scope: 'PROVISION_TO_HANDLER' },
        await personToken(email),
      ),
    );
    expect(withdrawn.withdrawSeparateConsent).toMatchObject({
      status: 'WITHDRAWN',
      history: [
        { status: 'GRANTED', method: 'WEB_FORM' },
        { status: 'WITHDRAWN', method: 'WEB_FORM' },
      ],
    });
    const message = conflictMessage(await server.gql(RECORD, disclosure(partner.id, email), admin));
    expect(message).toContain('the person’s separate consent to PROVISION_TO_HANDLER');
    expect(message).not.toContain('impact assessment');
    expect(await sharedWith(email)).toEqual([partner.id]);
  });

  it('needs the same for a joint handler, and for a disclosure the person authorised', async () => {
    const { email } = await person();
    const joint = await createPartner(server, {
      kind: 'SERVICE_PROVIDER',
      role: 'JOINT_HANDLER',
      country: 'CN',
    });
    const message = conflictMessage(
      await server.gql(
        RECORD,
        disclosure(joint.id, email, { situation: 'SUBJECT_AUTHORIZED' }),
        admin,
      ),
    );
    expect(message).toContain('PROVISION_TO_HANDLER');
  });
});

describe('sharing with an entrusted party', () => {
  it('needs neither consent nor assessment at home', async () => {
    const { email } = await person();
    const vendor = await createPartner(server, { kind: 'SERVICE_PROVIDER', country: 'CN' });
    for (const situation of ['SERVICE_PROVIDER', 'COSPONSORED_EVENT']) {
      dataOf(await server.gql(RECORD, disclosure(vendor.id, email, { situation }), admin));
    }
    expect(await sharedWith(email)).toEqual([vendor.id, vendor.id]);
  });

  it('needs the CROSS_BORDER consent and an assessment abroad, and nothing about provision', async () => {
    const { email, notice } = await person();
    const vendor = await createPartner(server, { kind: 'SERVICE_PROVIDER', country: 'DE' });
    const input = disclosure(vendor.id, email, { situation: 'SERVICE_PROVIDER' });

    const message = conflictMessage(await server.gql(RECORD, input, admin));
    expect(message).toBe(
      `PIPL needs before this disclosure: the person’s separate consent to CROSS_BORDER for partner "${vendor.id}"; an impact assessment covering CROSS_BORDER for partner "${vendor.id}"`,
    );
    await grantSeparateConsents(server, email, vendor.id, notice, ['CROSS_BORDER']);
    await recordAssessment(server, vendor.id, ['CROSS_BORDER']);
    expect(dataOf(await server.gql(RECORD, input, admin)).recordSharing).toMatchObject({
      destinationCountry: 'DE',
    });
  });

  it('goes by the record’s destination country before the partner’s', async () => {
    const { email } = await person();
    const atHome = await createPartner(server, { kind: 'SERVICE_PROVIDER', country: 'CN' });
    const abroad = await createPartner(server, { kind: 'SERVICE_PROVIDER', country: 'DE' });
    const unknown = await createPartner(server, { kind: 'SERVICE_PROVIDER', country: null });
    const situation = 'SERVICE_PROVIDER';
    const toSingapore = await server.gql(
      RECORD,
      disclosure(atHome.id, email, { situation, destinationCountry: 'SG' }),
      admin,
    );
    expect(conflictMessage(toSingapore)).toContain('CROSS_BORDER');
    const kept = await server.gql(
      RECORD,
      disclosure(abroad.id, email, { situation, destinationCountry: 'CN' }),
      admin,
    );
    expect(codes(kept)).toEqual([]);
    // Neither the record nor the partner says where: not counted as abroad.
    expect(
      codes(await server.gql(RECORD, disclosure(unknown.id, email, { situation }), admin)),
    ).toEqual([]);
  });
});

describe('situations that rest on no consent', () => {
  it.each([
    ['LEGAL_REQUIREMENT', 'Order 42'],
    ['LEGAL_CLAIMS', 'Case 7'],
    ['EMERGENCY', null],
  ])(
    '%s needs neither consent nor assessment, even for a handler abroad',
    async (situation, ref) => {
      const { email } = await person();
      const partner = await createPartner(server, { kind: 'AUTHORITY', country: 'DE' });
      const response = await server.gql(
        RECORD,
        disclosure(partner.id, email, { situation, legalReference: ref }),
        admin,
      );
      expect(codes(response)).toEqual([]);
    },
  );

  it('aggregated statistics name nobody and need nothing', async () => {
    const partner = await createPartner(server, { kind: 'COSPONSOR', country: 'DE' });
    const response = await server.gql(
      RECORD,
      {
        input: {
          partnerId: partner.id,
          categories: ['COUNTRY'],
          purpose: 'Attendance by country',
          situation: 'AGGREGATED_STATISTICS',
        },
      },
      admin,
    );
    expect(codes(response)).toEqual([]);
  });
});

describe('granting and withdrawing', () => {
  it('keeps each grant with the notice version and what was disclosed, and the history', async () => {
    const { email, notice } = await person();
    const partner = await createPartner(server, { name: 'Acme Events GmbH', country: 'DE' });
    await grantSeparateConsents(server, email, partner.id, notice, ['CROSS_BORDER']);
    const mine = dataOf(await server.gql(MINE, {}, await personToken(email))).me.separateConsents;
    expect(mine).toEqual([
      {
        partner: { id: partner.id },
        scope: 'CROSS_BORDER',
        status: 'GRANTED',
        noticeId: notice.noticeId,
        noticeVersion: notice.noticeVersion,
        updatedAt: expect.any(String),
        history: [
          {
            status: 'GRANTED',
            method: 'WEB_FORM',
            noticeVersion: notice.noticeVersion,
            requestedStatus: null,
            confirmedDespiteSignal: false,
          },
        ],
        disclosure: { recipientName: 'Acme Events GmbH', purposes: [], categories: [] },
      },
    ]);
  });

  it('keeps an ISO/IEC TS 27560 record naming the recipient, its role and country, given then withdrawn', async () => {
    const { email, notice } = await person();
    const partner = await createPartner(server, { name: 'Acme Events GmbH', country: 'DE' });
    await grantSeparateConsents(server, email, partner.id, notice, ['PROVISION_TO_HANDLER']);
    const token = await personToken(email);
    await server.gql(WITHDRAW, { partnerId: partner.id, scope: 'PROVISION_TO_HANDLER' }, token);
    const RECORDS = `{ me { separateConsents { scope record } } }`;
    const [{ record }] = dataOf(await server.gql(RECORDS, {}, token)).me.separateConsents;
    await expectValidConsentRecord(record);
    expect(record['dpv:hasConsentStatus']).toBe('dpv:ConsentWithdrawn');
    expect(JSON.stringify(record)).not.toContain(email);
    expect(record['dpv:hasRecipient']).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          'dpv:hasName': 'Acme Events GmbH',
          '@type': expect.arrayContaining(['dpv:DataController']),
        }),
      ]),
    );
  });

  it('refuses a notice version not in effect, and a partner not held', async () => {
    const { email, notice } = await person();
    const partner = await createPartner(server);
    const token = await personToken(email);
    const GRANT = `mutation ($input: SeparateConsentInput!) { grantSeparateConsent(input: $input) { status } }`;
    const stale = await server.gql(
      GRANT,
      { input: { partnerId: partner.id, scope: 'CROSS_BORDER', ...notice, noticeVersion: 99 } },
      token,
    );
    expect(codes(stale)).toEqual(['CONFLICT']);
    const unknown = await server.gql(
      GRANT,
      { input: { partnerId: unique('nobody'), scope: 'CROSS_BORDER', ...notice } },
      token,
    );
    expect(codes(unknown)).toEqual(['NOT_FOUND']);
    expect(dataOf(await server.gql(MINE, {}, token)).me.separateConsents).toEqual([]);
  });

  it('records withdrawing what was never given as a refusal, once', async () => {
    const { email } = await person();
    await createPublishedNotice(server);
    const partner = await createPartner(server);
    const token = await personToken(email);
    const args = { partnerId: partner.id, scope: 'PROVISION_TO_HANDLER' };
    const first = dataOf(await server.gql(WITHDRAW, args, token)).withdrawSeparateConsent;
    const again = dataOf(await server.gql(WITHDRAW, args, token)).withdrawSeparateConsent;
    expect(first).toMatchObject({ status: 'WITHDRAWN', history: [{ status: 'WITHDRAWN' }] });
    expect(again.history).toHaveLength(1);
  });

  it.each([
    ['without a token', null, 'UNAUTHENTICATED'],
    ['as an admin', 'admin', 'FORBIDDEN'],
    ['as a partner', 'partner', 'FORBIDDEN'],
  ])('refuses grants and withdrawals %s', async (_case, role, code) => {
    const partner = await createPartner(server);
    const notice = await createPublishedNotice(server);
    const token =
      role === 'admin'
        ? admin
        : role === 'partner'
          ? await tokenFor({ role: 'partner', partnerId: partner.id })
          : undefined;
    const grant = await server.gql(
      `mutation ($input: SeparateConsentInput!) { grantSeparateConsent(input: $input) { status } }`,
      { input: { partnerId: partner.id, scope: 'CROSS_BORDER', ...notice } },
      token,
    );
    const withdraw = await server.gql(
      WITHDRAW,
      { partnerId: partner.id, scope: 'CROSS_BORDER' },
      token,
    );
    expect([...codes(grant), ...codes(withdraw)]).toEqual([code, code]);
  });
});

describe('the disclosure shown before asking', () => {
  it('names the recipient, its contact, country, method, purposes and categories, and abroad how to exercise rights', async () => {
    const partner = await createPartner(server, {
      name: 'Munich Robotics e.V.',
      kind: 'COSPONSOR',
      country: 'DE',
      contact: 'privacy@munich-robotics.example, Marienplatz 1, Munich',
      processingMethod: 'Stored in its member database; badges printed on site',
      rightsProcedure: 'Write to privacy@munich-robotics.example; answered within a month',
      disclosedPurposes: ['Badges'],
      disclosedCategories: ['JOB_TITLE'],
    });
    const registration = await createPurpose(server, 'registration', { name: 'Workshop seats' });
    await createEventFixture(server, { cosponsor: partner });
    await server.gql(
      `mutation ($input: CreateEventInput!) { createEvent(input: $input) { id } }`,
      {
        input: {
          id: unique('workshop'),
          title: 'Workshop',
          format: 'IN_PERSON',
          startsAt: new Date(server.clock.now().getTime() + 86_400_000).toISOString(),
          endsAt: new Date(server.clock.now().getTime() + 2 * 86_400_000).toISOString(),
          cosponsorIds: [partner.id],
          dataUses: [{ category: 'NAME', purposeId: registration.id }],
          retentionDays: 30,
        },
      },
      admin,
    );

    const abroad = dataOf(
      await server.gql(DISCLOSURE, { partnerId: partner.id, scope: 'CROSS_BORDER' }),
    ).separateConsentDisclosure;
    expect(abroad).toMatchObject({
      partner: { id: partner.id },
      scope: 'CROSS_BORDER',
      recipientName: 'Munich Robotics e.V.',
      recipientContact: 'privacy@munich-robotics.example, Marienplatz 1, Munich',
      recipientCountry: 'DE',
      processingMethod: 'Stored in its member database; badges printed on site',
      rightsProcedure: 'Write to privacy@munich-robotics.example; answered within a month',
    });
    expect(abroad.purposes).toEqual(
      expect.arrayContaining(['Badges', 'Workshop seats', 'Event registration']),
    );
    expect(abroad.categories).toEqual(
      expect.arrayContaining(['JOB_TITLE', 'NAME', 'EMAIL', 'COUNTRY', 'ORGANIZATION_TYPE']),
    );

    const provision = dataOf(
      await server.gql(DISCLOSURE, { partnerId: partner.id, scope: 'PROVISION_TO_HANDLER' }),
    ).separateConsentDisclosure;
    expect(provision).toMatchObject({ scope: 'PROVISION_TO_HANDLER', rightsProcedure: null });
  });

  it('answers a scope that does not apply to the partner today, and NOT_FOUND for an unknown partner', async () => {
    const vendor = await createPartner(server, { kind: 'SERVICE_PROVIDER', country: 'CN' });
    const provision = await server.gql(DISCLOSURE, {
      partnerId: vendor.id,
      scope: 'PROVISION_TO_HANDLER',
    });
    expect(provision.data?.separateConsentDisclosure.recipientCountry).toBe('CN');
    const unknown = await server.gql(DISCLOSURE, {
      partnerId: unique('nobody'),
      scope: 'CROSS_BORDER',
    });
    expect(codes(unknown)).toEqual(['NOT_FOUND']);
  });
});

describe('separate consents ticked when registering', () => {
  const EVENT = `query ($id: ID!) { event(id: $id) { separateConsentDisclosures { partner { id } scope } } }`;

  /** An event cosponsored by an independent handler abroad and an entrusted party at home. */
  async function cosponsoredEvent() {
    const [foreign, vendor] = await Promise.all([
      createPartner(server, { kind: 'COSPONSOR', country: 'DE' }),
      createPartner(server, { kind: 'SERVICE_PROVIDER', country: 'CN' }),
    ]);
    const fixture = await createEventFixture(server, {
      cosponsor: foreign,
      event: { cosponsorIds: [foreign.id, vendor.id] },
    });
    return { fixture, foreign, vendor };
  }

  it('offers one box per cosponsor and scope that applies', async () => {
    const { fixture, foreign } = await cosponsoredEvent();
    const event = dataOf(await server.gql(EVENT, { id: fixture.eventId })).event;
    expect(event.separateConsentDisclosures).toEqual([
      { partner: { id: foreign.id }, scope: 'PROVISION_TO_HANDLER' },
      { partner: { id: foreign.id }, scope: 'CROSS_BORDER' },
    ]);
  });

  it('records each tick as a consent of its own, and unticked ones block nothing', async () => {
    const { fixture, foreign } = await cosponsoredEvent();
    const ticked = uniqueEmail('ticked');
    dataOf(
      await server.gql(
        REGISTER,
        registrationInput(
          fixture,
          ticked,
          {},
          {
            separateConsents: [{ partnerId: foreign.id, scope: 'PROVISION_TO_HANDLER' }],
          },
        ),
      ),
    );
    const mine = dataOf(await server.gql(MINE, {}, await personToken(ticked))).me.separateConsents;
    expect(mine).toEqual([
      expect.objectContaining({
        partner: { id: foreign.id },
        scope: 'PROVISION_TO_HANDLER',
        status: 'GRANTED',
        noticeVersion: fixture.noticeVersion,
        history: [expect.objectContaining({ status: 'GRANTED', method: 'EVENT_REGISTRATION' })],
      }),
    ]);

    const unticked = uniqueEmail('unticked');
    const registered = await server.gql(REGISTER, registrationInput(fixture, unticked));
    expect(registered.data?.registerForEvent.status).toBe('REGISTERED');
    expect(
      dataOf(await server.gql(MINE, {}, await personToken(unticked))).me.separateConsents,
    ).toEqual([]);
  });

  it.each([
    [
      'the same tick twice',
      (partnerId: string) => [
        { partnerId, scope: 'CROSS_BORDER' },
        { partnerId, scope: 'CROSS_BORDER' },
      ],
    ],
    ['a partner not held', () => [{ partnerId: unique('nobody'), scope: 'CROSS_BORDER' }]],
  ])('refuses %s and registers nobody', async (_case, ticks) => {
    const { fixture, foreign } = await cosponsoredEvent();
    const email = uniqueEmail();
    const response = await server.gql(
      REGISTER,
      registrationInput(fixture, email, {}, { separateConsents: ticks(foreign.id) }),
    );
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(dataOf(await server.gql(`{ me { id } }`, {}, await personToken(email))).me).toBeNull();
  });
});

describe('separate consents and the person’s rights', () => {
  const COMPLETE = `mutation ($id: ID!) { completeSubjectRequest(id: $id) { status result } }`;

  it('are in the access export, and go with the person on erasure', async () => {
    const { email, notice } = await person();
    const partner = await createPartner(server);
    await grantSeparateConsents(server, email, partner.id, notice);

    const access = await submitRequest(server, 'ACCESS', email);
    const exported = dataOf(await server.gql(COMPLETE, { id: access.id }, admin));
    expect(exported.completeSubjectRequest.result.separateConsents).toEqual([
      expect.objectContaining({ partnerId: partner.id, scope: 'CROSS_BORDER', status: 'GRANTED' }),
      expect.objectContaining({
        partnerId: partner.id,
        scope: 'PROVISION_TO_HANDLER',
        status: 'GRANTED',
      }),
    ]);

    const subjectId = dataOf(
      await server.gql(
        `query ($email: EmailAddress!) { subject(email: $email) { id } }`,
        { email },
        admin,
      ),
    ).subject.id;
    const erasure = await submitRequest(server, 'ERASURE', email);
    dataOf(await server.gql(COMPLETE, { id: erasure.id }, admin));
    const left = await queryAll(server.db, { partition: `SUBJECT#${subjectId}` });
    // Only the erasure's own record and its completion mail are left.
    expect(left.map((item) => String(item.sk).split('#')[0]).sort()).toEqual([
      'DELIVERY',
      'REQUEST',
    ]);
  });
});

describe('partner roles', () => {
  const PARTNERS = `{ partners { id role contact } }`;

  it('default by kind, keep the one an admin names, and read a partner stored before roles by its kind', async () => {
    const [vendor, cosponsor, joint] = await Promise.all([
      createPartner(server, { kind: 'SERVICE_PROVIDER' }),
      createPartner(server, { kind: 'COSPONSOR', contact: 'dpo@acme.example' }),
      createPartner(server, { kind: 'SERVICE_PROVIDER', role: 'JOINT_HANDLER' }),
    ]);
    const earlier = { id: unique('earlier'), name: 'Earlier', kind: 'SERVICE_PROVIDER' };
    await putPartner(
      server.db,
      {
        ...earlier,
        kind: 'SERVICE_PROVIDER',
        country: null,
        webhookUrl: null,
        webhookSecret: null,
        clientId: null,
        role: null,
        contact: null,
        processingMethod: null,
        rightsProcedure: null,
        disclosedPurposes: null,
        disclosedCategories: null,
        updatedAt: server.clock.now().toISOString(),
      },
      [],
    );
    const listed = dataOf(await server.gql(PARTNERS, {}, admin)).partners as {
      id: string;
      role: string;
      contact: string | null;
    }[];
    const byId = new Map(listed.map((partner) => [partner.id, partner]));
    expect([vendor.id, cosponsor.id, joint.id, earlier.id].map((id) => byId.get(id))).toEqual([
      { id: vendor.id, role: 'ENTRUSTED_PARTY', contact: null },
      { id: cosponsor.id, role: 'INDEPENDENT_HANDLER', contact: 'dpo@acme.example' },
      { id: joint.id, role: 'JOINT_HANDLER', contact: null },
      { id: earlier.id, role: 'ENTRUSTED_PARTY', contact: null },
    ]);
  });
});
