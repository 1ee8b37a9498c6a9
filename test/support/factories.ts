/**
 * Test data, built through the API as a user would build it. Every factory
 * makes ids and addresses of its own, so each test creates what it reads and
 * no test sees another's data, whatever the order they run in.
 */
import { randomUUID } from 'node:crypto';
import {
  tokenFor,
  waitForMail,
  type GraphqlResponse,
  type ReceivedMail,
  type TestServer,
} from './harness';
import type { ReceivedWebhook, WebhookReceiver } from './webhooks';

/** What the factories use of a test server: its GraphQL endpoint, and the clock events are timed by. */
export type FixtureServer = Pick<TestServer, 'gql' | 'clock'>;

const DAY = 86_400_000;

/** `prefix` with a random suffix: an id no other test uses. */
export function unique(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** An address no other test uses. */
export function uniqueEmail(name = 'person'): string {
  return `${unique(name)}@example.org`;
}

export function adminToken(): Promise<string> {
  return tokenFor({ role: 'admin' });
}

/** The token of the person with this (verified) address. */
export function personToken(email: string): Promise<string> {
  return tokenFor({ role: 'subject', email });
}

/** The data of an answer that must have succeeded. */
export function dataOf<T>(response: GraphqlResponse<T>): T {
  if (response.errors?.length || !response.data) {
    throw new Error(`The operation failed: ${JSON.stringify(response.errors)}`);
  }
  return response.data;
}

async function asAdmin(server: FixtureServer, query: string, variables: Record<string, unknown>) {
  return dataOf(await server.gql(query, variables, await adminToken()));
}

export interface PurposeInput {
  id: string;
  name: string;
  lawfulBasis: string;
  dataCategories: string[];
  dpvPurpose: string;
  retentionDays?: number | null;
}

const PURPOSE_KINDS = {
  /** Rests on the contract: no consent asked. */
  registration: {
    name: 'Event registration',
    lawfulBasis: 'CONTRACT',
    dataCategories: ['NAME', 'EMAIL', 'COUNTRY', 'ORGANIZATION', 'ORGANIZATION_TYPE', 'INDUSTRY'],
    dpvPurpose: 'dpv:ServiceProvision',
  },
  /** Rests on consent, and is marketing: Global Privacy Control refuses it. */
  marketing: {
    name: 'Newsletters',
    lawfulBasis: 'CONSENT',
    dataCategories: ['NAME', 'EMAIL'],
    dpvPurpose: 'dpv:Marketing',
  },
  /** Rests on consent, and is not marketing. */
  updates: {
    name: 'Research updates',
    lawfulBasis: 'CONSENT',
    dataCategories: ['EMAIL'],
    dpvPurpose: 'dpv:CommunicationManagement',
  },
} satisfies Record<string, Omit<PurposeInput, 'id'>>;

export type PurposeKind = keyof typeof PURPOSE_KINDS;

export async function createPurpose(
  server: FixtureServer,
  kind: PurposeKind,
  overrides: Partial<PurposeInput> = {},
): Promise<PurposeInput> {
  const input = { id: unique(kind), ...PURPOSE_KINDS[kind], ...overrides };
  await asAdmin(
    server,
    `mutation ($input: PurposeInput!) { upsertPurpose(input: $input) { id } }`,
    { input },
  );
  return input;
}

export interface PartnerInput {
  id: string;
  name: string;
  kind: string;
  country?: string | null;
  webhookUrl?: string | null;
  webhookSecret?: string | null;
  role?: string | null;
  contact?: string | null;
  processingMethod?: string | null;
  rightsProcedure?: string | null;
  disclosedPurposes?: string[] | null;
  disclosedCategories?: string[] | null;
}

export const UPSERT_PARTNER = `mutation ($input: PartnerInput!) {
  upsertPartner(input: $input) { id name hasWebhookSecret }
}`;

export async function createPartner(
  server: FixtureServer,
  overrides: Partial<PartnerInput> = {},
): Promise<PartnerInput> {
  const input = {
    id: unique('partner'),
    name: 'Acme Events',
    kind: 'COSPONSOR',
    country: 'DE',
    ...overrides,
  };
  await asAdmin(server, UPSERT_PARTNER, { input });
  return input;
}

export interface WebhookPartner extends PartnerInput {
  webhookSecret: string;
  /** The webhook calls this partner received so far. */
  hooks(): ReceivedWebhook[];
}

/** A partner whose webhooks land in `receiver`, at a URL of its own. */
export async function createWebhookPartner(
  server: FixtureServer,
  receiver: WebhookReceiver,
  overrides: Partial<PartnerInput> = {},
): Promise<WebhookPartner> {
  const id = overrides.id ?? unique('partner');
  const webhookSecret = `${id}-secret-0123456789`;
  const partner = await createPartner(server, {
    id,
    webhookUrl: receiver.urlFor(id),
    webhookSecret,
    ...overrides,
  });
  return { ...partner, webhookSecret, hooks: () => receiver.receivedBy(id) };
}

/** A notice version people can be pinned to. */
export interface NoticeVersionRef {
  noticeId: string;
  noticeVersion: number;
}

/** A new notice with its first version published; a notice's first version tells nobody. */
export async function createPublishedNotice(server: FixtureServer): Promise<NoticeVersionRef> {
  const noticeId = unique('notice');
  await asAdmin(
    server,
    `mutation ($input: CreateNoticeInput!) { createNotice(input: $input) { id } }`,
    { input: { id: noticeId, title: 'Site notice' } },
  );
  const noticeVersion = await publishNextVersion(server, noticeId, { material: false });
  return { noticeId, noticeVersion };
}

/** Drafts and publishes the notice's next version, now or at `effectiveAt`; its number. */
export async function publishNextVersion(
  server: FixtureServer,
  noticeId: string,
  options: { material: boolean; changeSummary?: string; effectiveAt?: Date },
): Promise<number> {
  const draft = await asAdmin(
    server,
    `mutation ($input: SaveNoticeDraftInput!) { saveNoticeDraft(input: $input) { number } }`,
    {
      input: {
        noticeId,
        sections: [{ key: 'all', heading: 'Everything', body: `Revision ${randomUUID()}` }],
        changeSummary: options.changeSummary,
      },
    },
  );
  const number = draft.saveNoticeDraft.number as number;
  await asAdmin(
    server,
    `mutation ($input: PublishNoticeVersionInput!) { publishNoticeVersion(input: $input) { number } }`,
    { input: { noticeId, number, material: options.material, effectiveAt: options.effectiveAt } },
  );
  return number;
}

export const CREATE_EVENT = `mutation ($input: CreateEventInput!) {
  createEvent(input: $input) { id title cosponsors { id name } dataUses { category purpose { id } } retentionDays }
}`;

/** An event tomorrow that collects name, email, country and organisation type for `purposeId`. */
export function eventInput(
  server: FixtureServer,
  purposeId: string,
  overrides: Record<string, unknown> = {},
) {
  const now = server.clock.now().getTime();
  const id = unique('event');
  return {
    id,
    title: `Event ${id}`,
    format: 'IN_PERSON',
    startsAt: new Date(now + DAY).toISOString(),
    endsAt: new Date(now + 2 * DAY).toISOString(),
    cosponsorIds: [] as string[],
    dataUses: [
      { category: 'NAME', purposeId },
      { category: 'EMAIL', purposeId },
      { category: 'COUNTRY', purposeId },
      { category: 'ORGANIZATION_TYPE', purposeId },
    ],
    retentionDays: 30,
    ...overrides,
  };
}

export async function createEvent(
  server: FixtureServer,
  purposeId: string,
  overrides: Record<string, unknown> = {},
): Promise<ReturnType<typeof eventInput>> {
  const input = eventInput(server, purposeId, overrides);
  await asAdmin(server, CREATE_EVENT, { input });
  return input;
}

/** Everything a registration needs: purposes, a cosponsor, a notice in effect and an event tomorrow. */
export interface EventFixture extends NoticeVersionRef {
  eventId: string;
  cosponsor: PartnerInput;
  purposes: Record<PurposeKind, PurposeInput>;
}

export async function createEventFixture(
  server: FixtureServer,
  options: { cosponsor?: PartnerInput; event?: Record<string, unknown> } = {},
): Promise<EventFixture> {
  const [registration, marketing, updates, cosponsor, notice] = await Promise.all([
    createPurpose(server, 'registration'),
    createPurpose(server, 'marketing'),
    createPurpose(server, 'updates'),
    options.cosponsor ?? createPartner(server),
    createPublishedNotice(server),
  ]);
  const event = await createEvent(server, registration.id, {
    cosponsorIds: [cosponsor.id],
    ...options.event,
  });
  return {
    ...notice,
    eventId: event.id,
    cosponsor,
    purposes: { registration, marketing, updates },
  };
}

export const REGISTER = `mutation ($input: RegisterForEventInput!) {
  registerForEvent(input: $input) { id status noticeVersion attendee { name email country organization } event { id } }
}`;

/** The variables of a registration for the fixture's event, pinned to its notice version. */
export function registrationInput(
  fixture: NoticeVersionRef & { eventId: string },
  email: string,
  attendee: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) {
  return {
    input: {
      eventId: fixture.eventId,
      attendee: { name: 'Ada Lovelace', email, country: 'GB', ...attendee },
      noticeId: fixture.noticeId,
      noticeVersion: fixture.noticeVersion,
      ...extra,
    },
  };
}

/** A person registered for the fixture's event, with the consents given on the form. */
export async function registerPerson(
  server: FixtureServer,
  fixture: NoticeVersionRef & { eventId: string },
  options: {
    email?: string;
    attendee?: Record<string, unknown>;
    consentPurposeIds?: string[];
  } = {},
): Promise<{ email: string; registrationId: string }> {
  const email = options.email ?? uniqueEmail();
  const registered = dataOf(
    await server.gql(
      REGISTER,
      registrationInput(fixture, email, options.attendee, {
        consentPurposeIds: options.consentPurposeIds ?? [],
      }),
    ),
  );
  return { email, registrationId: registered.registerForEvent.id };
}

/** The person's consent to a purpose, given on the web form under the notice version. */
export async function grantConsent(
  server: FixtureServer,
  email: string,
  purposeId: string,
  notice: NoticeVersionRef,
): Promise<void> {
  dataOf(
    await server.gql(
      `mutation ($input: ConsentInput!) { grantConsent(input: $input) { status } }`,
      { input: { purposeId, ...notice } },
      await personToken(email),
    ),
  );
}

export const RECORD_ASSESSMENT = `mutation ($input: ImpactAssessmentInput!) {
  recordImpactAssessment(input: $input) { id scopes conductedAt reviewBy }
}`;

/** An impact assessment of providing data to the partner, conducted a minute ago. */
export async function recordAssessment(
  server: FixtureServer,
  partnerId: string,
  scopes: string[] = ['PROVISION_TO_HANDLER', 'CROSS_BORDER'],
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; reviewBy: string }> {
  const recorded = await asAdmin(server, RECORD_ASSESSMENT, {
    input: {
      partnerId,
      scopes,
      conductedAt: new Date(server.clock.now().getTime() - 60_000).toISOString(),
      summary: 'Providing attendee lists to the partner',
      risks: 'Disclosure beyond the event',
      safeguards: 'Contract limiting use to the event',
      ...overrides,
    },
  });
  return recorded.recordImpactAssessment;
}

export const GRANT_SEPARATE = `mutation ($input: SeparateConsentInput!) {
  grantSeparateConsent(input: $input) { status scope partner { id } }
}`;

/** The person's separate consent to each scope for the partner, under the notice version. */
export async function grantSeparateConsents(
  server: FixtureServer,
  email: string,
  partnerId: string,
  notice: NoticeVersionRef,
  scopes: string[] = ['PROVISION_TO_HANDLER', 'CROSS_BORDER'],
): Promise<void> {
  const token = await personToken(email);
  for (const scope of scopes) {
    const { noticeId, noticeVersion } = notice;
    const input = { partnerId, scope, noticeId, noticeVersion };
    dataOf(await server.gql(GRANT_SEPARATE, { input }, token));
  }
}

/**
 * What PIPL asks before a person's data goes to another handler or abroad
 * (Arts. 23, 39, 55): both separate consents, and an assessment covering both.
 */
export async function permitSharing(
  server: FixtureServer,
  partnerId: string,
  email: string,
): Promise<void> {
  const notice = await createPublishedNotice(server);
  await recordAssessment(server, partnerId);
  await grantSeparateConsents(server, email, partnerId, notice);
}

/**
 * A disclosure of the person's name and email to the partner, for a
 * cosponsored event: with the separate consents and assessment PIPL asks
 * for first (permitSharing), whatever the partner's role and country.
 */
export async function recordSharing(
  server: FixtureServer,
  partnerId: string,
  email: string,
): Promise<{ id: string }> {
  await permitSharing(server, partnerId, email);
  const recorded = await asAdmin(
    server,
    `mutation ($input: RecordSharingInput!) { recordSharing(input: $input) { id } }`,
    {
      input: {
        partnerId,
        subjectEmail: email,
        categories: ['NAME', 'EMAIL'],
        purpose: 'Attendance list',
        situation: 'COSPONSORED_EVENT',
      },
    },
  );
  return recorded.recordSharing;
}

export interface SubmittedRequest {
  id: string;
  type: string;
  status: string;
  email: string;
  jurisdiction: string;
  receivedAt: string;
  dueAt: string;
}

export interface RequestOptions {
  /** Entered by an admin who checked the identity (OPEN at once), or by the public (awaiting the mailed code). */
  verified?: boolean;
  jurisdiction?: string;
  purposeIds?: string[];
  corrections?: { category: string; value: string }[];
  details?: string;
  channel?: string;
  receivedAt?: string;
}

export async function submitRequest(
  server: FixtureServer,
  type: string,
  email: string,
  { verified = true, ...extra }: RequestOptions = {},
): Promise<SubmittedRequest> {
  const response = await server.gql(
    `mutation ($input: SubmitSubjectRequestInput!) {
      submitSubjectRequest(input: $input) { id type status email jurisdiction receivedAt dueAt }
    }`,
    { input: { type, email, ...extra, ...(verified ? { identityVerified: true } : {}) } },
    verified ? await adminToken() : undefined,
  );
  return dataOf(response).submitSubjectRequest;
}

/** The verification mail of a request, once it lands, with the code it carries. */
export async function verificationMail(
  mailDir: string,
  requestId: string,
): Promise<{ mail: ReceivedMail; code: string }> {
  const mail = await waitForMail(
    mailDir,
    (m) => m.topic === 'request.verification' && m.raw.includes(requestId),
  );
  const code = /^Code: (\d{6})$/m.exec(mail.raw)?.[1];
  if (!code) throw new Error('The verification mail carries no code');
  return { mail, code };
}

/** Asks for a sign-in code for a fresh address (one no mail went to yet) and reads it from its mail. */
export async function mailedSignInCode(
  server: Pick<TestServer, 'gql' | 'mailDir'>,
  email: string,
): Promise<string> {
  dataOf(
    await server.gql(`mutation ($email: EmailAddress!) { requestSignInCode(email: $email) }`, {
      email,
    }),
  );
  const mail = await waitForMail(
    server.mailDir,
    (m) => m.topic === 'subject.sign_in' && m.to.includes(email),
  );
  const code = /^Code: (\d{6})$/m.exec(mail.raw)?.[1];
  if (!code) throw new Error('The sign-in mail carries no code');
  return code;
}
