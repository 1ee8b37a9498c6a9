/**
 * PIPL impact assessments (Arts. 55-56): recorded by an admin for a partner
 * and scopes, listed newest first and in the register, kept whatever
 * retention does, and counted by recordSharing only until their review date.
 */
import { runRetention } from '../../domain/retention';
import { freshServices } from '../../domain/services';
import {
  adminToken,
  createEventFixture,
  createPartner,
  dataOf,
  grantSeparateConsents,
  personToken,
  RECORD_ASSESSMENT,
  recordAssessment,
  registerPerson,
  unique,
} from '../support/factories';
import { codes, startTestServer, tokenFor, type TestServer } from '../support/harness';
import { serverPerTest } from '../support/servers';

let server: TestServer;
let admin: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await adminToken();
});
afterAll(() => server.close());

const HOUR = 3_600_000;
const LIST = `query ($partnerId: ID) { impactAssessments(partnerId: $partnerId) {
  id partner { id } scopes conductedAt reviewBy summary risks safeguards createdAt
} }`;

function assessment(partnerId: string, overrides: Record<string, unknown> = {}) {
  return {
    input: {
      partnerId,
      scopes: ['CROSS_BORDER'],
      conductedAt: new Date(server.clock.now().getTime() - HOUR).toISOString(),
      summary: 'Attendee lists to the cosponsor in Germany',
      risks: 'Access by the cosponsor’s staff beyond the event',
      safeguards: 'Standard contract; lists deleted 30 days after the event',
      ...overrides,
    },
  };
}

describe('recording an impact assessment', () => {
  it('keeps what was assessed, with a review a year after it was conducted by default', async () => {
    const partner = await createPartner(server);
    const conductedAt = '2026-01-31T09:00:00.000Z';
    const recorded = dataOf(
      await server.gql(
        `mutation ($input: ImpactAssessmentInput!) { recordImpactAssessment(input: $input) {
          id partner { id } scopes conductedAt reviewBy summary risks safeguards createdAt
        } }`,
        assessment(partner.id, { conductedAt, scopes: ['PROVISION_TO_HANDLER', 'CROSS_BORDER'] }),
        admin,
      ),
    ).recordImpactAssessment;
    expect(recorded).toEqual({
      id: expect.any(String),
      partner: { id: partner.id },
      scopes: ['PROVISION_TO_HANDLER', 'CROSS_BORDER'],
      conductedAt,
      reviewBy: '2027-01-31T09:00:00.000Z',
      summary: 'Attendee lists to the cosponsor in Germany',
      risks: 'Access by the cosponsor’s staff beyond the event',
      safeguards: 'Standard contract; lists deleted 30 days after the event',
      createdAt: expect.any(String),
    });
    const audit = dataOf(
      await server.gql(
        `query ($id: String!) { auditLog(entity: "ImpactAssessment", entityId: $id, first: 5) { nodes { action } } }`,
        { id: recorded.id },
        admin,
      ),
    );
    expect(audit.auditLog.nodes).toEqual([{ action: 'recordImpactAssessment' }]);
  });

  it.each<[string, (partnerId: string) => Record<string, unknown>, string]>([
    ['no scope', () => ({ scopes: [] }), 'BAD_USER_INPUT'],
    ['a scope twice', () => ({ scopes: ['CROSS_BORDER', 'CROSS_BORDER'] }), 'BAD_USER_INPUT'],
    [
      'a conductedAt in the future',
      () => ({ conductedAt: new Date(server.clock.now().getTime() + HOUR).toISOString() }),
      'BAD_USER_INPUT',
    ],
    [
      'a reviewBy not after conductedAt',
      () => ({
        conductedAt: '2026-01-31T09:00:00.000Z',
        reviewBy: '2026-01-31T09:00:00.000Z',
      }),
      'BAD_USER_INPUT',
    ],
    ['a blank summary', () => ({ summary: '  ' }), 'BAD_USER_INPUT'],
    ['risks too long', () => ({ risks: 'x'.repeat(2_001) }), 'BAD_USER_INPUT'],
    ['an unknown partner', () => ({ partnerId: unique('nobody') }), 'NOT_FOUND'],
  ])('refuses %s and records nothing', async (_case, overrides, code) => {
    const partner = await createPartner(server);
    const response = await server.gql(
      RECORD_ASSESSMENT,
      assessment(partner.id, overrides(partner.id)),
      admin,
    );
    expect(codes(response)).toEqual([code]);
    expect(dataOf(await server.gql(LIST, { partnerId: partner.id }, admin))).toEqual({
      impactAssessments: [],
    });
  });

  it('is for admins alone', async () => {
    const partner = await createPartner(server);
    const asPartner = await tokenFor({ role: 'partner', partnerId: partner.id });
    const asPerson = await personToken('someone@example.org');
    for (const [token, code] of [
      [undefined, 'UNAUTHENTICATED'],
      [asPartner, 'FORBIDDEN'],
      [asPerson, 'FORBIDDEN'],
    ] as const) {
      expect(codes(await server.gql(RECORD_ASSESSMENT, assessment(partner.id), token))).toEqual([
        code,
      ]);
      expect(codes(await server.gql(LIST, { partnerId: partner.id }, token))).toEqual([code]);
    }
  });
});

describe('listing impact assessments', () => {
  it('lists a partner’s newest conducted first, and no other partner’s', async () => {
    const [partner, other] = await Promise.all([createPartner(server), createPartner(server)]);
    const now = server.clock.now().getTime();
    for (const hoursAgo of [5, 1, 3]) {
      await recordAssessment(server, partner.id, ['CROSS_BORDER'], {
        conductedAt: new Date(now - hoursAgo * HOUR).toISOString(),
      });
    }
    await recordAssessment(server, other.id);
    const listed = dataOf(await server.gql(LIST, { partnerId: partner.id }, admin));
    expect(
      listed.impactAssessments.map((each: { conductedAt: string }) => each.conductedAt),
    ).toEqual([1, 3, 5].map((hoursAgo) => new Date(now - hoursAgo * HOUR).toISOString()));
    expect(
      listed.impactAssessments.every(
        (each: { partner: { id: string } }) => each.partner.id === partner.id,
      ),
    ).toBe(true);
  });
});

describe('impact assessments kept', () => {
  // The register and the retention job read the whole table: a table of its own.
  const startOwnServer = serverPerTest();

  it('are in the register, and the retention job leaves them there', async () => {
    const own = await startOwnServer();
    const ownAdmin = await adminToken();
    const partner = await createPartner(own);
    // An event whose attendee data is due for de-identification at once.
    const fixture = await createEventFixture(own, {
      cosponsor: partner,
      event: {
        startsAt: new Date(own.clock.now().getTime() + HOUR).toISOString(),
        endsAt: new Date(own.clock.now().getTime() + 2 * HOUR).toISOString(),
        retentionDays: 0,
      },
    });
    await registerPerson(own, fixture);
    const recorded = await recordAssessment(own, partner.id);
    own.clock.advance(3 * HOUR);
    const report = await runRetention(freshServices(own.services));
    expect(report.deidentified).toBe(1);

    const REGISTER = `{ processingRegister { impactAssessments { id partner { id } scopes } } }`;
    expect(dataOf(await own.gql(REGISTER, {}, ownAdmin)).processingRegister).toEqual({
      impactAssessments: [
        {
          id: recorded.id,
          partner: { id: partner.id },
          scopes: ['PROVISION_TO_HANDLER', 'CROSS_BORDER'],
        },
      ],
    });
    expect(
      dataOf(await own.gql(LIST, {}, ownAdmin)).impactAssessments.map(
        (each: { id: string }) => each.id,
      ),
    ).toEqual([recorded.id]);
  });
});

describe('an assessment past its review date', () => {
  it('no longer covers sharing: it is refused again until a new one is recorded', async () => {
    const partner = await createPartner(server, { kind: 'COSPONSOR', country: 'DE' });
    const fixture = await createEventFixture(server, { cosponsor: partner });
    const { email } = await registerPerson(server, fixture);
    await grantSeparateConsents(server, email, partner.id, fixture);
    const now = server.clock.now().getTime();
    await recordAssessment(server, partner.id, ['PROVISION_TO_HANDLER', 'CROSS_BORDER'], {
      conductedAt: new Date(now - HOUR).toISOString(),
      reviewBy: new Date(now + HOUR).toISOString(),
    });
    const RECORD = `mutation ($input: RecordSharingInput!) { recordSharing(input: $input) { id } }`;
    const input = {
      input: {
        partnerId: partner.id,
        subjectEmail: email,
        categories: ['NAME'],
        purpose: 'Attendance list',
        situation: 'COSPONSORED_EVENT',
      },
    };
    expect(codes(await server.gql(RECORD, input, admin))).toEqual([]);

    server.clock.advance(2 * HOUR);
    const refused = await server.gql(RECORD, input, admin);
    expect(codes(refused)).toEqual(['CONFLICT']);
    expect(refused.errors?.[0]?.message).toContain(
      `an impact assessment covering PROVISION_TO_HANDLER for partner "${partner.id}"; an impact assessment covering CROSS_BORDER for partner "${partner.id}"`,
    );
    expect(refused.errors?.[0]?.message).not.toContain('separate consent');

    await recordAssessment(server, partner.id);
    expect(codes(await server.gql(RECORD, input, admin))).toEqual([]);
  });
});
