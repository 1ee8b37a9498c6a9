/**
 * A whole journey against the server started as a user starts it, logging at
 * DEBUG: every line it printed is searched for the names, addresses, numbers,
 * codes and tokens the journey used (issue 14, Leaks). Every GraphQL error
 * met on the way is held to the contract: no stack, table, key or address of
 * the database, and no personal data the caller did not send.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../local/dynamodb';
import {
  adminToken,
  createEvent,
  createPartner,
  createPublishedNotice,
  createPurpose,
  createWebhookPartner,
  dataOf,
  grantConsent,
  personToken,
  publishNextVersion,
  recordSharing,
  registerPerson,
  submitRequest,
  verificationMail,
  type FixtureServer,
} from '../support/factories';
import { eventually, TEST_SECRET, tokenFor, waitForMail, type Gql } from '../support/harness';
import { internalsPattern, searchedForms } from '../support/leaks';
import { killStarted, servedAt, start, waitForHealth } from '../support/process';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhooks';
import { ATTENDEE_FIELD_CATEGORY } from '../../domain/vocabulary';

jest.setTimeout(180_000);

/** Every category a registration form can carry, one per attendee field. */
const CATEGORIES = Object.values(ATTENDEE_FIELD_CATEGORY);

/** Two people, each unlike anything else the server could print. */
const ADA = {
  email: `Zebulon.Quintavalle.${randomUUID().slice(0, 6)}@Heliograph-Example.org`,
  name: 'Zébulon Quintavalle-Okonkwo',
  phone: '+44 20 7946 0958',
  postalAddress: '17 Wisteria Crescent, Lower Dunsmore, DN4 7QZ',
  organization: 'Quintavalle Heliographics',
  jobTitle: 'Principal Lensgrinder',
  industry: 'Daguerreotypy',
  organizationType: 'Cooperative',
};
const ADA_LATER = { name: 'Zébulon Okonkwo-Marchetti', phone: '+44 20 7946 0777' };
const ADA_WORDS = 'Quintavalle Lensgrinder guild ledger QX-55817';
const GRACE = {
  email: `Philippa.Threlkeld.${randomUUID().slice(0, 6)}@Marsh-Example.net`,
  name: 'Philippa Threlkeld-Abernethy',
  phone: '+1 415 555 0199',
};

const WEBHOOK_TOPICS = [
  'subject.rectification',
  'subject.restriction',
  'notice.material_change',
  'subject.erasure',
];

interface Exchange {
  /** The request body as sent: what the caller gave. */
  sent: string;
  errors: unknown[];
}

/** The server as the factories reach it, keeping every exchange that answered errors. */
function recorded(server: FixtureServer): { server: FixtureServer; exchanges: Exchange[] } {
  const exchanges: Exchange[] = [];
  const gql: Gql = async <T>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ) => {
    const answer = await server.gql<T>(query, variables, token);
    if (answer.errors?.length) {
      exchanges.push({ sent: JSON.stringify({ query, variables }), errors: answer.errors });
    }
    return answer;
  };
  return { server: { ...server, gql }, exchanges };
}

describe('a whole journey logged at DEBUG', () => {
  let dataDir: string;
  let receiver: WebhookReceiver;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'privacy-ops-leaks-'));
    receiver = await startWebhookReceiver();
  });

  afterEach(async () => {
    killStarted();
    await receiver.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints no personal data, code or token, and answers no error with internals or others’ data', async () => {
    const port = await freePort();
    const table = `leaks-${randomUUID()}`;
    const endpoint = process.env.TEST_DYNAMODB_ENDPOINT ?? '';
    const mailDir = join(dataDir, 'mail');
    mkdirSync(mailDir);
    const started = start('local/main.ts', {
      PORT: String(port),
      DYNAMODB_ENDPOINT: endpoint,
      PRIVACY_OPS_TABLE: table,
      PRIVACY_OPS_DATA_DIR: dataDir,
      PRIVACY_OPS_JWT_SECRET: TEST_SECRET,
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
    });
    await waitForHealth(port, started);
    const { server, exchanges } = recorded(servedAt(port));
    const admin = await adminToken();
    const ada = await personToken(ADA.email);
    const grace = await personToken(GRACE.email);
    const gql = (query: string, variables: Record<string, unknown>, token?: string) =>
      server.gql(query, variables, token);

    // Set-up by an admin: a partner with a webhook, purposes, a notice in effect, an event collecting everything.
    const partner = await createWebhookPartner(server, receiver, { name: 'Heliograph Partners' });
    const otherPartner = await createPartner(server);
    const partnerToken = await tokenFor({ role: 'partner', partnerId: otherPartner.id });
    const [registration, marketing, updates, notice] = await Promise.all([
      createPurpose(server, 'registration', { dataCategories: CATEGORIES }),
      createPurpose(server, 'marketing'),
      createPurpose(server, 'updates'),
      createPublishedNotice(server),
    ]);
    const event = await createEvent(server, registration.id, {
      cosponsorIds: [partner.id],
      dataUses: CATEGORIES.map((category) => ({ category, purposeId: registration.id })),
    });
    const fixture = { ...notice, eventId: event.id };

    // Two people register; one consents, withdraws, and has their data shared.
    await registerPerson(server, fixture, {
      email: ADA.email,
      attendee: { ...ADA, country: 'GB' },
      consentPurposeIds: [marketing.id],
    });
    const graceRegistration = await registerPerson(server, fixture, {
      email: GRACE.email,
      attendee: { name: GRACE.name, phone: GRACE.phone, country: 'US' },
    });
    await grantConsent(server, ADA.email, updates.id, notice);
    dataOf(
      await gql(
        'mutation ($id: ID!) { withdrawConsent(purposeId: $id) { status } }',
        { id: marketing.id },
        ada,
      ),
    );
    await recordSharing(server, partner.id, ADA.email);

    // A public access request, verified with the mailed code after a wrong one, and carried out.
    const submitted = dataOf(
      await gql(
        'mutation ($input: SubmitSubjectRequestInput!) { submitSubjectRequest(input: $input) { id } }',
        { input: { type: 'ACCESS', email: ADA.email, details: ADA_WORDS } },
      ),
    ).submitSubjectRequest;
    const { code } = await verificationMail(mailDir, submitted.id);
    const verify =
      'mutation ($id: ID!, $code: String!) { verifySubjectRequest(id: $id, code: $code) { status } }';
    const wrongCode = code === '000000' ? '111111' : '000000';
    expect(codeOf(await gql(verify, { id: submitted.id, code: wrongCode }))).toBe('BAD_USER_INPUT');
    dataOf(await gql(verify, { id: submitted.id, code }));
    const complete = `mutation ($id: ID!) { completeSubjectRequest(id: $id) { status result } }`;
    const exported = dataOf(await gql(complete, { id: submitted.id }, admin));
    expect(JSON.stringify(exported.completeSubjectRequest.result)).toContain(ADA.phone);

    // Rectification and restriction, each told to the partner that received the data.
    const rectification = await submitRequest(server, 'RECTIFICATION', ADA.email, {
      corrections: [
        { category: 'NAME', value: ADA_LATER.name },
        { category: 'PHONE', value: ADA_LATER.phone },
      ],
    });
    dataOf(await gql(complete, { id: rectification.id }, admin));
    const restriction = await submitRequest(server, 'RESTRICTION', ADA.email);
    dataOf(await gql(complete, { id: restriction.id }, admin));

    // A material change of the notice both people are under: mail to each, a webhook to the partner.
    await publishNextVersion(server, notice.noticeId, {
      material: true,
      changeSummary: 'We now keep attendance lists for a year',
    });
    await waitForMail(
      mailDir,
      (mail) =>
        mail.topic === 'notice.material_change' && mail.to.includes(GRACE.email.toLowerCase()),
    );

    // Failing calls: bad input, a wrong role, another person's data.
    const failures = [
      await gql(
        'mutation ($input: RegisterForEventInput!) { registerForEvent(input: $input) { id } }',
        {
          input: {
            eventId: event.id,
            noticeId: notice.noticeId,
            noticeVersion: notice.noticeVersion,
            attendee: { name: ADA.name, email: 'zebulon.quintavalle(at)heliograph' },
          },
        },
      ),
      await gql(
        'query ($email: EmailAddress!) { subject(email: $email) { id registrations { id } } }',
        { email: ADA.email },
        grace,
      ),
      await gql(
        'mutation ($id: ID!) { cancelRegistration(id: $id) { status attendee { name } } }',
        { id: graceRegistration.registrationId },
        ada,
      ),
      await gql(
        'query ($id: ID) { sharingRecords(partnerId: $id) { nodes { subjectId } } }',
        { id: partner.id },
        partnerToken,
      ),
      await gql('{ deliveries { nodes { to } } }', {}, grace),
      await gql('{ deliveries { nodes { to } } }', {}),
    ];
    expect(failures.map(codeOf)).toEqual([
      'BAD_USER_INPUT',
      'FORBIDDEN',
      'FORBIDDEN',
      'FORBIDDEN',
      'FORBIDDEN',
      'UNAUTHENTICATED',
    ]);
    expect(
      (
        await gql(
          'query ($id: ID!) { subjectRequest(id: $id) { id } }',
          { id: submitted.id },
          grace,
        )
      ).data,
    ).toEqual({ subjectRequest: null });

    // Erasure last: the partner is told, and nothing is left to tell.
    const erasure = await submitRequest(server, 'ERASURE', ADA.email);
    dataOf(await gql(complete, { id: erasure.id }, admin));
    await eventually(async () => {
      const topics = partner.hooks().map((hook) => hook.headers['x-privacy-ops-topic']);
      return WEBHOOK_TOPICS.every((topic) => topics.includes(topic));
    }, 30_000);
    await waitForMail(
      mailDir,
      (mail) => mail.topic === 'request.completed' && mail.raw.includes(erasure.id),
    );

    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);
    const printed = started.output();
    // DEBUG was on: the metrics are DEBUG lines.
    expect(printed).toMatch(/"level":"DEBUG".*"message":"Metric"/);

    const personal = searchedForms([
      ...Object.values(ADA),
      ...Object.values(ADA_LATER),
      ADA_WORDS,
      ...Object.values(GRACE),
    ]);
    const secrets = [admin, ada, grace, partnerToken, partner.webhookSecret];
    const found = [...personal, ...secrets].filter((value) => printed.includes(value));
    expect(found).toEqual([]);
    // The code as a number of its own, not a run of digits inside an id or a time.
    expect(printed).not.toMatch(new RegExp(`(?<![0-9A-Za-z])${code}(?![0-9A-Za-z])`));

    const internals = internalsPattern(table, endpoint);
    expect(exchanges.length).toBeGreaterThanOrEqual(failures.length + 1);
    for (const { sent, errors } of exchanges) {
      for (const error of errors) {
        const shown = JSON.stringify(error);
        expect(shown).not.toMatch(internals);
        const notSent = personal.filter(
          (value) => shown.includes(value) && !sent.toLowerCase().includes(value.toLowerCase()),
        );
        expect(notSent).toEqual([]);
      }
    }
  });
});

function codeOf(answer: { errors?: { extensions?: { code?: string } }[] }): string | undefined {
  return answer.errors?.[0]?.extensions?.code;
}
