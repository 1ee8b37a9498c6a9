/**
 * Every operation of the schema the server serves, called as each of six
 * callers and held against RULES: one table, declared here from the contract
 * (the schema's descriptions and CONTRACT.md), never read from
 * resolvers/access.ts, so that a wrong rule there shows here. An operation
 * the schema has and RULES lacks fails, and so does a rule for an operation
 * the schema lacks.
 */
import {
  buildClientSchema,
  getIntrospectionQuery,
  isObjectType,
  Kind,
  parse,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { ACCESS } from '../../resolvers/access';
import {
  CREATE_EVENT,
  REGISTER,
  adminToken,
  createEvent,
  createEventFixture,
  createPartner,
  createPublishedNotice,
  createWebhookPartner,
  dataOf,
  eventInput,
  grantConsent,
  mailedSignInCode,
  personToken,
  recordSharing,
  registerPerson,
  registrationInput,
  submitRequest,
  unique,
  uniqueEmail,
  verificationMail,
  type EventFixture,
} from '../support/factories';
import { codes, eventually, startTestServer, tokenFor, type TestServer } from '../support/harness';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhooks';

const CALLERS = [
  'PUBLIC',
  'SUBJECT',
  'OTHER_SUBJECT',
  'PARTNER',
  'OTHER_PARTNER',
  'ADMIN',
] as const;

/**
 * PUBLIC: no token. SUBJECT: the owner of the fixtures (registrations,
 * consents, a sharing record, a subject request). PARTNER: the recipient of
 * the owner's sharing record. The OTHER_ ones hold fixtures of their own.
 */
type CallerName = (typeof CALLERS)[number];

type ErrorOutcome = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT';

/**
 * DATA: an answer, without errors. OWN: an answer holding the caller's own
 * records and nobody else's (the rule's `check` says how that shows). NULL:
 * no error and no answer. An error code: that error alone, and no answer.
 */
type Outcome = ErrorOutcome | 'DATA' | 'OWN' | 'NULL';

type Variables = Record<string, unknown>;

interface Call {
  query: string;
  variables?: Variables;
}

interface PreparedCall extends Call {
  /** Read as ADMIN before and after a refused call: it must read the same. */
  probe?: Call;
}

/** Methods, so that each rule may name the shape of the answer it reads. */
interface Rule {
  /** How to call it; a change gets fresh records for every caller, so no caller's success alters another's answer. */
  call(fx: Fixtures, caller: CallerName): PreparedCall | Promise<PreparedCall>;
  expect: Record<CallerName, Outcome>;
  /** Where the answer is in the data: the operation's own field when left out. */
  answer?(data: Record<string, unknown>): unknown;
  /** What a DATA or OWN answer must show to this caller; every OWN rule has one. */
  check?(answer: unknown, caller: CallerName, fx: Fixtures): void;
}

interface Person {
  email: string;
  subjectId: string;
  registrationId: string;
  sharingId: string;
  /** An ACCESS request, completed: its result is the person's export. */
  requestId: string;
}

interface Fixtures {
  event: EventFixture;
  partnerId: string;
  otherPartnerId: string;
  owner: Person;
  other: Person;
  /** A notice with version 1 published and version `draft` a draft. */
  draftNotice: { noticeId: string; draft: number };
  /** A delivery that went out: sending it again is CONFLICT (the row of ADMIN redeliver). */
  sentDeliveryId: string;
  tokens: Record<CallerName, string | undefined>;
}

const EVERYONE: Record<CallerName, Outcome> = {
  PUBLIC: 'DATA',
  SUBJECT: 'DATA',
  OTHER_SUBJECT: 'DATA',
  PARTNER: 'DATA',
  OTHER_PARTNER: 'DATA',
  ADMIN: 'DATA',
};

const ADMIN_ONLY: Record<CallerName, Outcome> = {
  PUBLIC: 'UNAUTHENTICATED',
  SUBJECT: 'FORBIDDEN',
  OTHER_SUBJECT: 'FORBIDDEN',
  PARTNER: 'FORBIDDEN',
  OTHER_PARTNER: 'FORBIDDEN',
  ADMIN: 'DATA',
};

/** A person acting for themselves: the SUBJECT and the other SUBJECT each get their own. */
const PERSON_ONLY: Record<CallerName, Outcome> = {
  PUBLIC: 'UNAUTHENTICATED',
  SUBJECT: 'OWN',
  OTHER_SUBJECT: 'OWN',
  PARTNER: 'FORBIDDEN',
  OTHER_PARTNER: 'FORBIDDEN',
  ADMIN: 'FORBIDDEN',
};

/** ADMIN, or the SUBJECT the record is about; another person learns nothing of it. */
const ADMIN_OR_OWNER: Record<CallerName, Outcome> = {
  PUBLIC: 'UNAUTHENTICATED',
  SUBJECT: 'DATA',
  OTHER_SUBJECT: 'NULL',
  PARTNER: 'FORBIDDEN',
  OTHER_PARTNER: 'FORBIDDEN',
  ADMIN: 'DATA',
};

/** ADMIN, or the PARTNER that is the record; to anyone else it is not there. */
const ADMIN_OR_THE_PARTNER: Record<CallerName, Outcome> = {
  PUBLIC: 'NULL',
  SUBJECT: 'NULL',
  OTHER_SUBJECT: 'NULL',
  PARTNER: 'DATA',
  OTHER_PARTNER: 'NULL',
  ADMIN: 'DATA',
};

const ids = (nodes: { id: string }[]) => nodes.map((node) => node.id);

/** The fixture person a SUBJECT token belongs to, and the one it does not. */
function personsOf(caller: CallerName, fx: Fixtures): { own: Person; others: Person } {
  if (caller === 'SUBJECT') return { own: fx.owner, others: fx.other };
  if (caller === 'OTHER_SUBJECT') return { own: fx.other, others: fx.owner };
  throw new Error(`${caller} is no person`);
}

/** The fixture partner a PARTNER token belongs to, and the one it does not. */
function partnersOf(caller: CallerName, fx: Fixtures) {
  if (caller === 'PARTNER') return { own: fx.partnerId, record: fx.owner.sharingId };
  if (caller === 'OTHER_PARTNER') return { own: fx.otherPartnerId, record: fx.other.sharingId };
  throw new Error(`${caller} is no partner`);
}

const SHARING = `query ($partnerId: ID) { sharingRecords(partnerId: $partnerId, first: 100) { nodes { id partner { id } } } }`;
const SUBJECT_REQUEST = `query ($id: ID!) { subjectRequest(id: $id) { id email status } }`;
const REQUEST_STATE = `query ($id: ID!) { subjectRequest(id: $id) { status dueAt extensionReason rejectionReason } }`;
const VERSIONS = `query ($id: ID!) { notice(id: $id) { versions { nodes { number status } } } }`;
const OWNER_CONSENTS = `query ($email: EmailAddress!) { subject(email: $email) { consents { purpose { id } status updatedAt history { status at } } } }`;
const OWNER_SEPARATE_CONSENTS = `query ($email: EmailAddress!) { subject(email: $email) { separateConsents { partner { id } scope status updatedAt history { status at } } } }`;
const EVENT_REGISTRATIONS = `query ($id: ID!) { event(id: $id) { registrations(first: 100) { nodes { id status } } } }`;

type SharingPage = { nodes: { id: string; partner: { id: string } }[] };

/** A new OPEN request of the owner's, entered by an admin who checked the identity. */
async function ownerRequest(fx: Fixtures, type = 'ACCESS') {
  return (await submitRequest(server, type, fx.owner.email)).id;
}

const RULES: Record<string, Rule> = {
  // ─── Queries ────────────────────────────────────────────────────────────
  'Query.notices': { call: () => ({ query: `{ notices { id } }` }), expect: EVERYONE },
  'Query.notice': {
    call: (fx) => ({
      query: `query ($id: ID!) { notice(id: $id) { id current { number } } }`,
      variables: { id: fx.event.noticeId },
    }),
    expect: EVERYONE,
    check: (answer: { current: { number: number } }, _caller, fx) =>
      expect(answer.current.number).toBe(fx.event.noticeVersion),
  },
  'Query.purposes': { call: () => ({ query: `{ purposes { id } }` }), expect: EVERYONE },
  'Query.events': { call: () => ({ query: `{ events { id } }` }), expect: EVERYONE },
  'Query.event': {
    call: (fx) => ({
      query: `query ($id: ID!) { event(id: $id) { id title } }`,
      variables: { id: fx.event.eventId },
    }),
    expect: EVERYONE,
  },
  'Query.partners': { call: () => ({ query: `{ partners { id } }` }), expect: ADMIN_ONLY },
  'Query.processingRegister': {
    call: () => ({ query: `{ processingRegister { generatedAt } }` }),
    expect: ADMIN_ONLY,
  },
  'Query.me': {
    call: () => ({
      query: `{ me { id email registrations { id } sharingRecords { id } requests { id } } }`,
    }),
    expect: PERSON_ONLY,
    check: (
      answer: {
        id: string;
        email: string;
        registrations: { id: string }[];
        sharingRecords: { id: string }[];
        requests: { id: string }[];
      },
      caller,
      fx,
    ) => {
      const { own, others } = personsOf(caller, fx);
      const held = [
        answer.id,
        answer.email,
        ...ids(answer.registrations),
        ...ids(answer.sharingRecords),
        ...ids(answer.requests),
      ];
      expect(held).toEqual(
        expect.arrayContaining([
          own.subjectId,
          own.email,
          own.registrationId,
          own.sharingId,
          own.requestId,
        ]),
      );
      for (const foreign of [
        others.subjectId,
        others.email,
        others.registrationId,
        others.sharingId,
        others.requestId,
      ]) {
        expect(held).not.toContain(foreign);
      }
    },
  },
  'Query.subject': {
    call: (fx) => ({
      query: `query ($email: EmailAddress!) { subject(email: $email) { id } }`,
      variables: { email: fx.owner.email },
    }),
    expect: ADMIN_ONLY,
    check: (answer: { id: string }, _caller, fx) => expect(answer.id).toBe(fx.owner.subjectId),
  },
  'Query.sharingRecords': {
    call: () => ({ query: SHARING, variables: {} }),
    expect: {
      PUBLIC: 'UNAUTHENTICATED',
      SUBJECT: 'FORBIDDEN',
      OTHER_SUBJECT: 'FORBIDDEN',
      PARTNER: 'OWN',
      OTHER_PARTNER: 'OWN',
      ADMIN: 'DATA',
    },
    check: ({ nodes }: SharingPage, caller, fx) => {
      if (caller === 'ADMIN') {
        expect(ids(nodes)).toEqual(
          expect.arrayContaining([fx.owner.sharingId, fx.other.sharingId]),
        );
        return;
      }
      const { own, record } = partnersOf(caller, fx);
      expect(ids(nodes)).toContain(record);
      expect(new Set(nodes.map((node) => node.partner.id))).toEqual(new Set([own]));
    },
  },
  'Query.sharingRecords of one partner': {
    call: (fx) => ({ query: SHARING, variables: { partnerId: fx.partnerId } }),
    expect: {
      PUBLIC: 'UNAUTHENTICATED',
      SUBJECT: 'FORBIDDEN',
      OTHER_SUBJECT: 'FORBIDDEN',
      PARTNER: 'OWN',
      OTHER_PARTNER: 'FORBIDDEN',
      ADMIN: 'DATA',
    },
    check: ({ nodes }: SharingPage, _caller, fx) => {
      expect(ids(nodes)).toContain(fx.owner.sharingId);
      expect(new Set(nodes.map((node) => node.partner.id))).toEqual(new Set([fx.partnerId]));
    },
  },
  'Query.subjectRequests': {
    call: () => ({ query: `{ subjectRequests(first: 100) { nodes { id } } }` }),
    expect: ADMIN_ONLY,
  },
  'Query.subjectRequest': {
    call: (fx) => ({ query: SUBJECT_REQUEST, variables: { id: fx.owner.requestId } }),
    expect: ADMIN_OR_OWNER,
    check: (answer: { email: string }, _caller, fx) => expect(answer.email).toBe(fx.owner.email),
  },
  'Query.noticeChangeNotifications': {
    call: (fx) => ({
      query: `query ($id: ID!) { noticeChangeNotifications(noticeId: $id) { version } }`,
      variables: { id: fx.event.noticeId },
    }),
    expect: ADMIN_ONLY,
  },
  'Query.deliveries': {
    call: () => ({ query: `{ deliveries(first: 10) { nodes { id to } } }` }),
    expect: ADMIN_ONLY,
  },
  'Query.auditLog': {
    call: () => ({ query: `{ auditLog(first: 10) { nodes { id actor } } }` }),
    expect: ADMIN_ONLY,
  },
  'Query.privacySignals': {
    call: () => ({ query: `{ privacySignals { globalPrivacyControl } }` }),
    expect: EVERYONE,
    check: (answer: { globalPrivacyControl: boolean }) =>
      expect(answer.globalPrivacyControl).toBe(false),
  },

  'Query.separateConsentDisclosure': {
    call: (fx) => ({
      query: `query ($partnerId: ID!) { separateConsentDisclosure(partnerId: $partnerId, scope: CROSS_BORDER) { partner { id } scope } }`,
      variables: { partnerId: fx.partnerId },
    }),
    expect: EVERYONE,
    check: (answer: { partner: { id: string }; scope: string }, _caller, fx) =>
      expect(answer).toEqual({ partner: { id: fx.partnerId }, scope: 'CROSS_BORDER' }),
  },
  'Query.impactAssessments': {
    call: (fx) => ({
      query: `query ($partnerId: ID) { impactAssessments(partnerId: $partnerId) { id } }`,
      variables: { partnerId: fx.partnerId },
    }),
    expect: ADMIN_ONLY,
  },

  // ─── Fields below the roots ─────────────────────────────────────────────
  'Event.registrations': {
    call: (fx) => ({ query: EVENT_REGISTRATIONS, variables: { id: fx.event.eventId } }),
    answer: (data: { event?: { registrations?: unknown } | null }) => data.event?.registrations,
    expect: ADMIN_ONLY,
    check: (answer: { nodes: { id: string }[] }, _caller, fx) =>
      expect(ids(answer.nodes)).toEqual(
        expect.arrayContaining([fx.owner.registrationId, fx.other.registrationId]),
      ),
  },
  'Event.attendance': {
    call: (fx) => ({
      query: `query ($id: ID!) { event(id: $id) { attendance { total } } }`,
      variables: { id: fx.event.eventId },
    }),
    answer: (data: { event?: { attendance?: unknown } | null }) => data.event?.attendance,
    expect: ADMIN_ONLY,
  },
  'Notice.versions': {
    call: (fx) => ({ query: VERSIONS, variables: { id: fx.draftNotice.noticeId } }),
    answer: (data: { notice: { versions: unknown } }) => data.notice.versions,
    expect: EVERYONE,
    check: (answer: { nodes: { number: number; status: string }[] }, caller) =>
      expect(answer.nodes.map((version) => version.status)).toEqual(
        caller === 'ADMIN' ? ['DRAFT', 'PUBLISHED'] : ['PUBLISHED'],
      ),
  },
  'Notice.currentIn': {
    call: (fx) => ({
      query: `query ($id: ID!) { notice(id: $id) { languages currentIn(language: "zh-CN") { number language } } }`,
      variables: { id: fx.event.noticeId },
    }),
    answer: (data: { notice: { currentIn: unknown } }) => data.notice.currentIn,
    expect: EVERYONE,
    check: (answer: { number: number; language: string }, _caller, fx) =>
      expect(answer).toEqual({ number: fx.event.noticeVersion, language: 'en' }),
  },
  'Notice.version': {
    call: (fx) => ({
      query: `query ($id: ID!, $number: Int!) { notice(id: $id) { version(number: $number) { number status } } }`,
      variables: { id: fx.draftNotice.noticeId, number: fx.draftNotice.draft },
    }),
    answer: (data: { notice: { version: unknown } }) => data.notice.version,
    expect: {
      PUBLIC: 'NULL',
      SUBJECT: 'NULL',
      OTHER_SUBJECT: 'NULL',
      PARTNER: 'NULL',
      OTHER_PARTNER: 'NULL',
      ADMIN: 'DATA',
    },
  },
  'Partner.webhookUrl': {
    call: (fx) => ({
      query: `query ($id: ID!) { event(id: $id) { cosponsors { webhookUrl } } }`,
      variables: { id: fx.event.eventId },
    }),
    answer: (data: { event: { cosponsors: { webhookUrl: unknown }[] } }) =>
      data.event.cosponsors[0]?.webhookUrl,
    expect: ADMIN_OR_THE_PARTNER,
  },
  'Partner.hasWebhookSecret': {
    call: (fx) => ({
      query: `query ($id: ID!) { event(id: $id) { cosponsors { hasWebhookSecret } } }`,
      variables: { id: fx.event.eventId },
    }),
    answer: (data: { event?: { cosponsors?: { hasWebhookSecret?: unknown }[] | null } | null }) =>
      data.event?.cosponsors?.[0]?.hasWebhookSecret,
    expect: { ...ADMIN_ONLY, PARTNER: 'DATA' },
    check: (answer: boolean) => expect(answer).toBe(true),
  },
  'SubjectRequest.result': {
    call: (fx) => ({
      query: `query ($id: ID!) { subjectRequest(id: $id) { result } }`,
      variables: { id: fx.owner.requestId },
    }),
    answer: (data: { subjectRequest?: { result?: unknown } | null }) => data.subjectRequest?.result,
    expect: ADMIN_OR_OWNER,
    check: (answer: unknown, _caller, fx) =>
      expect(JSON.stringify(answer)).toContain(fx.owner.registrationId),
  },

  // ─── Mutations ──────────────────────────────────────────────────────────
  'Mutation.createNotice': {
    call: () => {
      const id = unique('matrix');
      return {
        query: `mutation ($input: CreateNoticeInput!) { createNotice(input: $input) { id } }`,
        variables: { input: { id, title: 'Matrix' } },
        probe: { query: `query ($id: ID!) { notice(id: $id) { id } }`, variables: { id } },
      };
    },
    expect: ADMIN_ONLY,
  },
  'Mutation.saveNoticeDraft': {
    call: async () => {
      const { noticeId } = await createPublishedNotice(server);
      return {
        query: `mutation ($input: SaveNoticeDraftInput!) { saveNoticeDraft(input: $input) { number } }`,
        variables: {
          input: { noticeId, sections: [{ key: 'all', heading: 'All', body: 'Changed' }] },
        },
        probe: { query: VERSIONS, variables: { id: noticeId } },
      };
    },
    expect: ADMIN_ONLY,
  },
  'Mutation.publishNoticeVersion': {
    call: async () => {
      const { noticeId, draft } = await noticeWithDraft();
      return {
        query: `mutation ($input: PublishNoticeVersionInput!) { publishNoticeVersion(input: $input) { number status } }`,
        variables: { input: { noticeId, number: draft, material: false } },
        probe: { query: VERSIONS, variables: { id: noticeId } },
      };
    },
    expect: ADMIN_ONLY,
  },
  'Mutation.saveNoticeTranslation': {
    call: async () => {
      const { noticeId, draft } = await noticeWithDraft();
      return {
        query: `mutation ($input: SaveNoticeTranslationInput!) { saveNoticeTranslation(input: $input) { number language } }`,
        variables: {
          input: {
            noticeId,
            number: draft,
            language: 'zh-CN',
            sections: [{ key: 'all', heading: '全部', body: '草稿' }],
          },
        },
        probe: {
          query: `query ($id: ID!, $number: Int!) { notice(id: $id) { version(number: $number) { languages } } }`,
          variables: { id: noticeId, number: draft },
        },
      };
    },
    expect: ADMIN_ONLY,
    check: (answer: { language: string }) => expect(answer.language).toBe('zh-CN'),
  },
  'Mutation.upsertPurpose': {
    call: () => ({
      query: `mutation ($input: PurposeInput!) { upsertPurpose(input: $input) { id } }`,
      variables: {
        input: {
          id: unique('purpose'),
          name: 'Matrix',
          lawfulBasis: 'CONSENT',
          dataCategories: ['EMAIL'],
        },
      },
      probe: { query: `{ purposes { id name } }` },
    }),
    expect: ADMIN_ONLY,
  },
  'Mutation.upsertPartner': {
    call: async () => {
      // A partner of its own for every caller: the refused ones try to take it over.
      const { id } = await createPartner(server);
      return {
        query: `mutation ($input: PartnerInput!) { upsertPartner(input: $input) { id } }`,
        variables: {
          input: {
            id,
            name: 'Taken over',
            kind: 'OTHER',
            webhookUrl: 'http://127.0.0.1:9/hooks',
            webhookSecret: 'another-secret-0123456789',
          },
        },
        probe: { query: `{ partners { id name kind webhookUrl hasWebhookSecret } }` },
      };
    },
    expect: ADMIN_ONLY,
  },
  'Mutation.createEvent': {
    call: (fx) => {
      const input = eventInput(server, fx.event.purposes.registration.id);
      return {
        query: CREATE_EVENT,
        variables: { input },
        probe: { query: `query ($id: ID!) { event(id: $id) { id } }`, variables: { id: input.id } },
      };
    },
    expect: ADMIN_ONLY,
  },
  'Mutation.registerForEvent': {
    call: (fx) => ({ query: REGISTER, variables: registrationInput(fx.event, uniqueEmail()) }),
    expect: EVERYONE,
  },
  'Mutation.cancelRegistration': {
    call: async (fx) => {
      const event = await createEvent(server, fx.event.purposes.registration.id);
      const { registrationId } = await registerPerson(
        server,
        { ...fx.event, eventId: event.id },
        { email: fx.owner.email },
      );
      return {
        query: `mutation ($id: ID!) { cancelRegistration(id: $id) { id status } }`,
        variables: { id: registrationId },
        probe: { query: EVENT_REGISTRATIONS, variables: { id: event.id } },
      };
    },
    expect: {
      PUBLIC: 'UNAUTHENTICATED',
      SUBJECT: 'DATA',
      OTHER_SUBJECT: 'FORBIDDEN',
      PARTNER: 'FORBIDDEN',
      OTHER_PARTNER: 'FORBIDDEN',
      ADMIN: 'DATA',
    },
    check: (answer: { status: string }) => expect(answer.status).toBe('CANCELLED'),
  },
  'Mutation.grantConsent': {
    call: (fx) => ({
      query: `mutation ($input: ConsentInput!) { grantConsent(input: $input) { subjectId status } }`,
      variables: {
        input: {
          purposeId: fx.event.purposes.updates.id,
          noticeId: fx.event.noticeId,
          noticeVersion: fx.event.noticeVersion,
        },
      },
      probe: { query: OWNER_CONSENTS, variables: { email: fx.owner.email } },
    }),
    expect: PERSON_ONLY,
    check: (answer: { subjectId: string; status: string }, caller, fx) =>
      expect(answer).toEqual({ subjectId: personsOf(caller, fx).own.subjectId, status: 'GRANTED' }),
  },
  'Mutation.withdrawConsent': {
    call: (fx) => ({
      query: `mutation ($purposeId: ID!) { withdrawConsent(purposeId: $purposeId) { subjectId status } }`,
      variables: { purposeId: fx.event.purposes.marketing.id },
      probe: { query: OWNER_CONSENTS, variables: { email: fx.owner.email } },
    }),
    expect: PERSON_ONLY,
    check: (answer: { subjectId: string; status: string }, caller, fx) =>
      expect(answer).toEqual({
        subjectId: personsOf(caller, fx).own.subjectId,
        status: 'WITHDRAWN',
      }),
  },
  'Mutation.grantSeparateConsent': {
    call: (fx) => ({
      query: `mutation ($input: SeparateConsentInput!) { grantSeparateConsent(input: $input) { subjectId status } }`,
      variables: {
        input: {
          partnerId: fx.otherPartnerId,
          scope: 'PROVISION_TO_HANDLER',
          noticeId: fx.event.noticeId,
          noticeVersion: fx.event.noticeVersion,
        },
      },
      probe: { query: OWNER_SEPARATE_CONSENTS, variables: { email: fx.owner.email } },
    }),
    expect: PERSON_ONLY,
    check: (answer: { subjectId: string; status: string }, caller, fx) =>
      expect(answer).toEqual({ subjectId: personsOf(caller, fx).own.subjectId, status: 'GRANTED' }),
  },
  'Mutation.withdrawSeparateConsent': {
    call: (fx) => ({
      query: `mutation ($partnerId: ID!) { withdrawSeparateConsent(partnerId: $partnerId, scope: CROSS_BORDER) { subjectId status } }`,
      variables: { partnerId: fx.otherPartnerId },
      probe: { query: OWNER_SEPARATE_CONSENTS, variables: { email: fx.owner.email } },
    }),
    expect: PERSON_ONLY,
    check: (answer: { subjectId: string; status: string }, caller, fx) =>
      expect(answer).toEqual({
        subjectId: personsOf(caller, fx).own.subjectId,
        status: 'WITHDRAWN',
      }),
  },
  'Mutation.recordImpactAssessment': {
    call: (fx) => ({
      query: `mutation ($input: ImpactAssessmentInput!) { recordImpactAssessment(input: $input) { id } }`,
      variables: {
        input: {
          partnerId: fx.otherPartnerId,
          scopes: ['CROSS_BORDER'],
          conductedAt: '2026-01-31T09:00:00.000Z',
          summary: 'Matrix',
          risks: 'Matrix',
          safeguards: 'Matrix',
        },
      },
      probe: {
        query: `query ($partnerId: ID) { impactAssessments(partnerId: $partnerId) { id } }`,
        variables: { partnerId: fx.otherPartnerId },
      },
    }),
    expect: ADMIN_ONLY,
  },
  'Mutation.recordSharing': {
    call: (fx) => ({
      query: `mutation ($input: RecordSharingInput!) { recordSharing(input: $input) { id } }`,
      variables: {
        input: {
          partnerId: fx.partnerId,
          subjectEmail: fx.owner.email,
          categories: ['EMAIL'],
          purpose: 'Matrix',
          situation: 'COSPONSORED_EVENT',
        },
      },
      probe: { query: SHARING, variables: { partnerId: fx.partnerId } },
    }),
    expect: ADMIN_ONLY,
  },
  'Mutation.submitSubjectRequest': {
    call: () => ({
      query: `mutation ($input: SubmitSubjectRequestInput!) { submitSubjectRequest(input: $input) { id status } }`,
      variables: { input: { type: 'ACCESS', email: uniqueEmail() } },
    }),
    expect: EVERYONE,
  },
  'Mutation.submitSubjectRequest declared verified': {
    call: () => {
      const email = uniqueEmail();
      return {
        query: `mutation ($input: SubmitSubjectRequestInput!) { submitSubjectRequest(input: $input) { id status } }`,
        variables: { input: { type: 'ERASURE', email, identityVerified: true } },
        probe: {
          query: `query ($email: EmailAddress!) { subject(email: $email) { requests { id } } }`,
          variables: { email },
        },
      };
    },
    // The operation is PUBLIC: refused is the flag, not the caller, so no token is FORBIDDEN too.
    expect: { ...ADMIN_ONLY, PUBLIC: 'FORBIDDEN' },
    check: (answer: { status: string }) => expect(answer.status).toBe('OPEN'),
  },
  'Mutation.verifySubjectRequest': {
    call: async () => {
      const id = await publicRequest();
      const { code } = await verificationMail(server.mailDir, id);
      return {
        query: `mutation ($id: ID!, $code: String!) { verifySubjectRequest(id: $id, code: $code) { id status } }`,
        variables: { id, code },
      };
    },
    expect: EVERYONE,
    check: (answer: { status: string }) => expect(answer.status).toBe('OPEN'),
  },
  'Mutation.verifySubjectRequest with a wrong code': {
    call: async () => {
      const id = await publicRequest();
      return {
        query: `mutation ($id: ID!, $code: String!) { verifySubjectRequest(id: $id, code: $code) { id status } }`,
        variables: { id, code: 'not-the-code' },
      };
    },
    expect: {
      PUBLIC: 'BAD_USER_INPUT',
      SUBJECT: 'BAD_USER_INPUT',
      OTHER_SUBJECT: 'BAD_USER_INPUT',
      PARTNER: 'BAD_USER_INPUT',
      OTHER_PARTNER: 'BAD_USER_INPUT',
      ADMIN: 'BAD_USER_INPUT',
    },
  },
  'Mutation.extendSubjectRequest': {
    call: async (fx) => {
      const id = await ownerRequest(fx);
      return {
        query: `mutation ($id: ID!) { extendSubjectRequest(id: $id, reason: "Many requests at once") { status } }`,
        variables: { id },
        probe: { query: REQUEST_STATE, variables: { id } },
      };
    },
    expect: ADMIN_ONLY,
  },
  'Mutation.completeSubjectRequest': {
    call: async (fx) => {
      const id = await ownerRequest(fx);
      return {
        query: `mutation ($id: ID!) { completeSubjectRequest(id: $id) { status } }`,
        variables: { id },
        probe: { query: REQUEST_STATE, variables: { id } },
      };
    },
    expect: ADMIN_ONLY,
  },
  'Mutation.rejectSubjectRequest': {
    call: async (fx) => {
      const id = await ownerRequest(fx, 'ERASURE');
      return {
        query: `mutation ($id: ID!) { rejectSubjectRequest(id: $id, reason: "A legal duty to keep them") { status } }`,
        variables: { id },
        probe: { query: REQUEST_STATE, variables: { id } },
      };
    },
    expect: ADMIN_ONLY,
  },
  'Mutation.requestSignInCode': {
    call: () => ({
      query: `mutation ($email: EmailAddress!) { requestSignInCode(email: $email) }`,
      variables: { email: uniqueEmail() },
    }),
    expect: EVERYONE,
    check: (answer: boolean) => expect(answer).toBe(true),
  },
  'Mutation.signIn': {
    call: async () => {
      const email = uniqueEmail();
      return {
        query: `mutation ($email: EmailAddress!, $code: String!) { signIn(email: $email, code: $code) { token expiresAt } }`,
        variables: { email, code: await mailedSignInCode(server, email) },
      };
    },
    expect: EVERYONE,
    check: (answer: { token: string }) => expect(answer.token.split('.')).toHaveLength(3),
  },
  'Mutation.signIn with a wrong code': {
    call: async () => {
      const email = uniqueEmail();
      const code = await mailedSignInCode(server, email);
      return {
        query: `mutation ($email: EmailAddress!, $code: String!) { signIn(email: $email, code: $code) { token } }`,
        variables: { email, code: String((Number(code) + 1) % 1_000_000).padStart(6, '0') },
      };
    },
    expect: {
      PUBLIC: 'UNAUTHENTICATED',
      SUBJECT: 'UNAUTHENTICATED',
      OTHER_SUBJECT: 'UNAUTHENTICATED',
      PARTNER: 'UNAUTHENTICATED',
      OTHER_PARTNER: 'UNAUTHENTICATED',
      ADMIN: 'UNAUTHENTICATED',
    },
  },
  'Mutation.redeliver': {
    call: (fx) => ({
      query: `mutation ($id: ID!) { redeliver(id: $id) { id } }`,
      variables: { id: fx.sentDeliveryId },
    }),
    expect: { ...ADMIN_ONLY, ADMIN: 'CONFLICT' },
  },
};

let server: TestServer;
let receiver: WebhookReceiver;
let fx: Fixtures;

async function asAdmin(call: Call) {
  return dataOf(await server.gql(call.query, call.variables, await adminToken()));
}

/** A request from the public web form, waiting for its mailed code. */
async function publicRequest(): Promise<string> {
  const submitted = await server.gql(
    `mutation ($input: SubmitSubjectRequestInput!) { submitSubjectRequest(input: $input) { id } }`,
    { input: { type: 'ACCESS', email: uniqueEmail() } },
  );
  return dataOf(submitted).submitSubjectRequest.id;
}

async function noticeWithDraft(): Promise<{ noticeId: string; draft: number }> {
  const { noticeId } = await createPublishedNotice(server);
  const saved = await asAdmin({
    query: `mutation ($input: SaveNoticeDraftInput!) { saveNoticeDraft(input: $input) { number } }`,
    variables: { input: { noticeId, sections: [{ key: 'all', heading: 'All', body: 'Draft' }] } },
  });
  return { noticeId, draft: saved.saveNoticeDraft.number };
}

/** A person registered for the event with consents, shared with `partnerId`, with an ACCESS request carried out. */
async function personWithRecords(event: EventFixture, partnerId: string): Promise<Person> {
  const { marketing, updates } = event.purposes;
  const { email, registrationId } = await registerPerson(server, event, {
    consentPurposeIds: [marketing.id],
  });
  await grantConsent(server, email, updates.id, {
    noticeId: event.noticeId,
    noticeVersion: event.noticeVersion,
  });
  const sharing = await recordSharing(server, partnerId, email);
  const request = await submitRequest(server, 'ACCESS', email);
  await asAdmin({
    query: `mutation ($id: ID!) { completeSubjectRequest(id: $id) { status } }`,
    variables: { id: request.id },
  });
  const found = await asAdmin({
    query: `query ($email: EmailAddress!) { subject(email: $email) { id } }`,
    variables: { email },
  });
  return {
    email,
    subjectId: found.subject.id,
    registrationId,
    sharingId: sharing.id,
    requestId: request.id,
  };
}

beforeAll(async () => {
  server = await startTestServer({ stream: true });
  receiver = await startWebhookReceiver();
  const [partner, otherPartner, draftNotice] = await Promise.all([
    createWebhookPartner(server, receiver),
    createPartner(server),
    noticeWithDraft(),
  ]);
  const event = await createEventFixture(server, { cosponsor: partner });
  const owner = await personWithRecords(event, partner.id);
  const other = await personWithRecords(event, otherPartner.id);
  const sentDeliveryId = await eventually(async () => {
    const sent = await asAdmin({
      query: `{ deliveries(status: SENT, first: 1) { nodes { id } } }`,
    });
    return sent.deliveries.nodes[0]?.id as string | undefined;
  });
  fx = {
    event,
    partnerId: partner.id,
    otherPartnerId: otherPartner.id,
    owner,
    other,
    draftNotice,
    sentDeliveryId,
    tokens: {
      PUBLIC: undefined,
      SUBJECT: await personToken(owner.email),
      OTHER_SUBJECT: await personToken(other.email),
      PARTNER: await tokenFor({ role: 'partner', partnerId: partner.id }),
      OTHER_PARTNER: await tokenFor({ role: 'partner', partnerId: otherPartner.id }),
      ADMIN: await adminToken(),
    },
  };
});
afterAll(async () => {
  await server.close();
  await receiver.close();
});

/** `Type.field` of a rule's key: the words after it name the case. */
function operationOf(key: string): string {
  return key.split(' ')[0] ?? key;
}

function fieldExists(schema: GraphQLSchema, operation: string): boolean {
  const [typeName = '', field = ''] = operation.split('.');
  const type = schema.getType(typeName);
  return isObjectType(type) && field in type.getFields();
}

/** The response key of the document's first root field. */
function rootFieldOf(query: string): string {
  const operation = parse(query).definitions[0];
  const first =
    operation?.kind === Kind.OPERATION_DEFINITION && operation.selectionSet.selections[0];
  if (!first || first.kind !== Kind.FIELD) throw new Error(`No root field in ${query}`);
  return first.alias?.value ?? first.name.value;
}

describe('the rule table', () => {
  it('has a rule for every operation of the served schema and the fields access.ts guards, and none the schema lacks', async () => {
    const introspection = await server.gql<IntrospectionQuery>(getIntrospectionQuery());
    const schema = buildClientSchema(dataOf(introspection));
    const operations = [
      ...['Query', 'Mutation'].flatMap((root) => {
        const type = schema.getType(root);
        return isObjectType(type) ? Object.keys(type.getFields()).map((f) => `${root}.${f}`) : [];
      }),
      ...Object.entries(ACCESS)
        .filter(([type]) => type !== 'Query' && type !== 'Mutation')
        .flatMap(([type, fields]) => Object.keys(fields).map((field) => `${type}.${field}`)),
    ];
    const ruled = new Set(Object.keys(RULES).map(operationOf));
    expect({
      withoutRule: operations.filter((operation) => !ruled.has(operation)),
      stale: [...ruled].filter((operation) => !fieldExists(schema, operation)),
    }).toEqual({ withoutRule: [], stale: [] });
  });
});

const ANSWERS: readonly Outcome[] = ['DATA', 'OWN', 'NULL'];
const isError = (outcome: Outcome): outcome is ErrorOutcome => !ANSWERS.includes(outcome);

describe.each(Object.entries(RULES))('%s', (_key, rule) => {
  it.each(CALLERS.map((caller) => [caller, rule.expect[caller]] as const))(
    'as %s: %s',
    async (caller, outcome) => {
      const { query, variables, probe } = await rule.call(fx, caller);
      const before = isError(outcome) && probe ? await asAdmin(probe) : null;
      const response = await server.gql(query, variables, fx.tokens[caller]);
      const data: Record<string, unknown> = response.data ?? {};
      const answer = (rule.answer ? rule.answer(data) : data[rootFieldOf(query)]) ?? null;
      const errors = [...new Set(codes(response))];

      if (isError(outcome)) {
        expect({ errors, answer }).toEqual({ errors: [outcome], answer: null });
        if (probe) expect(await asAdmin(probe)).toEqual(before);
      } else if (outcome === 'NULL') {
        expect({ errors, answer }).toEqual({ errors: [], answer: null });
      } else {
        expect({ errors, answered: answer !== null }).toEqual({ errors: [], answered: true });
        if (outcome === 'OWN' && !rule.check) throw new Error('An OWN rule needs a check');
        rule.check?.(answer, caller, fx);
      }
    },
  );
});
