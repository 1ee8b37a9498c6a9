/**
 * Property-based fuzzing over HTTP. Every operation of the schema is called
 * with generated arguments (test/support/hostile-input.ts) by a caller who may
 * call it: no answer is an internal error or a 5xx, and the server serves
 * afterwards. Free text that is accepted reads back from the table unchanged;
 * what is refused is refused only for its bound, a lone surrogate or a blank.
 */
import fc from 'fast-check';
import { DATA_CATEGORIES } from '../../domain/constants';
import { BOUNDS } from '../../domain/validation';
import { mapConcurrently } from '../../lib/concurrency';
import {
  adminToken,
  createEvent,
  createPartner,
  createPublishedNotice,
  createPurpose,
  dataOf,
  recordSharing,
  registerPerson,
  submitRequest,
  unique,
  uniqueEmail,
} from '../support/factories';
import {
  startTestServer,
  tokenFor,
  type GraphqlResponse,
  type TestServer,
} from '../support/harness';
import {
  FREE_TEXT_ATTENDEE_FIELDS,
  hostileText,
  InputGenerator,
  rootFieldNames,
  type FuzzCaller,
  type FuzzOperation,
  type KnownIds,
} from '../support/hostile-input';
import { ATTENDEE_FIELD_CATEGORY } from '../../domain/vocabulary';

/** At least this many generated inputs across the mutations, spread evenly. */
const MUTATION_INPUTS = 10_000;
const RUNS_PER_QUERY = 40;
const RUNS_PER_FREE_TEXT_FIELD = 30;
/** Operations fuzzed at once; each runs its inputs one after another. */
const CONCURRENCY = 4;

/** Every category a registration form can carry, one per attendee field. */
const ATTENDEE_CATEGORIES = Object.values(ATTENDEE_FIELD_CATEGORY);

/**
 * What the world holds before fuzzing: purposes, partners, two notices in
 * effect each with a draft, an event collecting every attendee field, people
 * registered for it, and requests for each decision to close.
 */
async function buildWorld(server: TestServer) {
  const admin = await adminToken();
  const [registration, marketing, updates, ...partners] = await Promise.all([
    createPurpose(server, 'registration', { dataCategories: [...DATA_CATEGORIES] }),
    createPurpose(server, 'marketing', { dataCategories: [...DATA_CATEGORIES] }),
    createPurpose(server, 'updates', { dataCategories: [...DATA_CATEGORIES] }),
    createPartner(server),
    createPartner(server),
  ]);
  const [notice, other] = await Promise.all([
    createPublishedNotice(server),
    createPublishedNotice(server),
  ]);
  // A draft of each, for publishNoticeVersion.
  await Promise.all(
    [notice, other].map(({ noticeId }) =>
      server.gql(
        `mutation ($input: SaveNoticeDraftInput!) { saveNoticeDraft(input: $input) { number } }`,
        { input: { noticeId, sections: [{ key: 'all', heading: 'Next', body: 'Next' }] } },
        admin,
      ),
    ),
  );
  const event = await createEvent(server, registration.id, {
    cosponsorIds: partners.map((partner) => partner.id),
    dataUses: ATTENDEE_CATEGORIES.map((category) => ({ category, purposeId: registration.id })),
  });
  const fixture = { ...notice, eventId: event.id };
  const people = await Promise.all(
    [0, 1, 2].map(() =>
      registerPerson(server, fixture, { consentPurposeIds: [marketing.id, updates.id] }),
    ),
  );
  const emails = people.map((person) => person.email);
  const [first = '', second = '', third = ''] = emails;
  // An open request of a type from an address answers any like it: each kind but
  // completion (which carries out requests about the registered people) files
  // from addresses of its own.
  const requests = (kind: string) =>
    Promise.all(
      (kind === 'complete' ? [first, second, third] : emails.map(() => uniqueEmail(kind))).flatMap(
        (email) => [
          submitRequest(server, 'ACCESS', email),
          submitRequest(server, 'RESTRICTION', email),
          submitRequest(server, 'OBJECTION', email, { purposeIds: [marketing.id] }),
          submitRequest(server, kind === 'verify' ? 'ERASURE' : 'RECTIFICATION', email, {
            corrections: kind === 'verify' ? undefined : [{ category: 'NAME', value: 'Ada King' }],
            verified: kind !== 'verify',
          }),
        ],
      ),
    ).then((submitted) => submitted.map((request) => request.id));
  // Each decision closes requests of its own, so that none finds every request closed by another.
  const [toExtend = [], toReject = [], toComplete = [], toVerify = []] = await Promise.all(
    ['extend', 'reject', 'complete', 'verify'].map(requests),
  );
  await recordSharing(server, partners[0]?.id ?? '', first);
  const known: KnownIds = {
    notice: [notice.noticeId, other.noticeId],
    event: [event.id],
    purpose: [registration.id, marketing.id, updates.id],
    consentPurpose: [marketing.id, updates.id],
    partner: partners.map((partner) => partner.id),
    registration: people.map((person) => person.registrationId),
    request: [...toExtend, ...toReject, ...toComplete, ...toVerify],
    email: emails,
    forCoordinate: {
      'Mutation.extendSubjectRequest.id': toExtend,
      'Mutation.rejectSubjectRequest.id': toReject,
      'Mutation.completeSubjectRequest.id': toComplete,
      'Mutation.verifySubjectRequest.id': toVerify,
    },
  };
  return { known, registration, fixture };
}

async function tokenOf(caller: FuzzCaller): Promise<string | undefined> {
  switch (caller.role) {
    case 'PUBLIC':
      return undefined;
    case 'ADMIN':
      return adminToken();
    case 'PARTNER':
      return tokenFor({ role: 'partner', partnerId: caller.partnerId });
    case 'SUBJECT':
      return tokenFor({ role: 'subject', email: caller.email });
  }
}

interface Answer {
  status: number;
  text: string;
  json: GraphqlResponse | null;
}

async function send(
  url: string,
  document: string,
  variables: Record<string, unknown>,
  token: string | undefined,
): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query: document, variables }),
  });
  const text = await response.text();
  let json: GraphqlResponse | null = null;
  try {
    json = JSON.parse(text) as GraphqlResponse;
  } catch {
    // Not JSON: only the body-size refusal answers so, and its status says it.
  }
  return { status: response.status, text, json };
}

/** Why an answer breaks the property, or null when it keeps it. */
function fault(answer: Answer): string | null {
  if (answer.status >= 500) return `HTTP ${answer.status}: ${answer.text.slice(0, 300)}`;
  const internal = (answer.json?.errors ?? []).filter(
    (error) => error.extensions?.code === 'INTERNAL_SERVER_ERROR',
  );
  return internal.length ? `INTERNAL_SERVER_ERROR: ${answer.text.slice(0, 300)}` : null;
}

/** The resolver ran: the answer has data, or errors raised at a path of it. */
function reachedResolver(answer: Answer): boolean {
  const json = answer.json;
  return Boolean(json && (json.data || (json.errors ?? []).some((error) => 'path' in error)));
}

interface Tally {
  sent: number;
  reached: number;
}

async function fuzz(
  server: TestServer,
  operation: FuzzOperation,
  numRuns: number,
  tally: Tally,
): Promise<fc.RunDetails<[{ caller: FuzzCaller; variables: Record<string, unknown> }]>> {
  return fc.check(
    fc.asyncProperty(operation.cases, async ({ caller, variables }) => {
      const answer = await send(server.url, operation.document, variables, await tokenOf(caller));
      tally.sent += 1;
      if (reachedResolver(answer)) tally.reached += 1;
      const found = fault(answer);
      if (found) throw new Error(`${operation.coordinate} as ${caller.role}: ${found}`);
    }),
    { numRuns },
  );
}

describe('fuzzed arguments of every operation', () => {
  let server: TestServer;
  let generator: InputGenerator;

  beforeAll(async () => {
    server = await startTestServer();
    const { known } = await buildWorld(server);
    generator = new InputGenerator(known, server.clock.now().getTime());
  });
  afterAll(() => server.close());

  it(`gets no internal error from ${MUTATION_INPUTS} mutation inputs and the queries' arguments, and the server serves on`, async () => {
    const mutations = rootFieldNames('Mutation').map((name) =>
      generator.operation('Mutation', name),
    );
    const queries = rootFieldNames('Query').map((name) => generator.operation('Query', name));
    const runsPerMutation = Math.ceil(MUTATION_INPUTS / mutations.length);
    const runs = [
      ...mutations.map((operation) => ({ operation, numRuns: runsPerMutation })),
      ...queries.map((operation) => ({ operation, numRuns: RUNS_PER_QUERY })),
    ].map((run) => ({ ...run, tally: { sent: 0, reached: 0 } }));

    const results = await mapConcurrently(runs, CONCURRENCY, ({ operation, numRuns, tally }) =>
      fuzz(server, operation, numRuns, tally),
    );

    const failures = results
      .filter((details) => details.failed)
      .map((details) => `${String(details.errorInstance)}\n${fc.defaultReportMessage(details)}`);
    expect(failures).toEqual([]);
    const mutationInputs = runs
      .filter(({ operation }) => operation.coordinate.startsWith('Mutation.'))
      .reduce((sum, { tally }) => sum + tally.sent, 0);
    expect(mutationInputs).toBeGreaterThanOrEqual(MUTATION_INPUTS);
    // Generated inputs that never get past GraphQL's own checks would test nothing of ours.
    const neverReached = runs
      .filter(({ tally }) => tally.reached === 0)
      .map(({ operation }) => operation.coordinate);
    expect(neverReached).toEqual([]);

    const after = await server.gql(`{ notices { id current { number } } purposes { id } }`);
    expect(after.status).toBe(200);
    expect(after.errors).toBeUndefined();
    const health = await fetch(new URL('/health', server.url));
    expect(health.status).toBe(200);
  }, 300_000);
});

/** A free-text field: where a text is written and how it is read back from the table. */
interface FreeTextField {
  field: string;
  maxLength: number;
  /** A blank text: refused (required text), stored as null (optional text) or kept as given. */
  blank: 'refused' | 'null' | 'kept';
  /** Stored trimmed, as attendee fields are; blank ones are left out. */
  trimmed?: boolean;
  write(text: string): Promise<{ answer: GraphqlResponse; readBack: () => Promise<unknown> }>;
}

/** Whether UTF-8, which DynamoDB stores, can carry the text: a lone surrogate cannot. */
function survivesUtf8(text: string): boolean {
  return Buffer.from(text, 'utf8').toString('utf8') === text;
}

/** What the field must do with a text: refuse it, or store exactly this. */
function expected(
  field: FreeTextField,
  text: string,
): { accepted: false } | { accepted: true; stored: string | null } {
  const value = field.trimmed ? text.trim() : text;
  if (field.trimmed && value === '') return { accepted: true, stored: null };
  if (value.length > field.maxLength || !survivesUtf8(value)) return { accepted: false };
  if (text.trim() === '') {
    if (field.blank === 'refused') return { accepted: false };
    if (field.blank === 'null') return { accepted: true, stored: null };
  }
  return { accepted: true, stored: value };
}

describe('free text', () => {
  let server: TestServer;
  let fields: FreeTextField[];

  beforeAll(async () => {
    server = await startTestServer();
    const admin = await adminToken();
    const asAdmin = async (document: string, variables: Record<string, unknown>) =>
      server.gql(document, variables, admin);
    const { registration, fixture } = await buildWorld(server);
    // Each field writes to a notice of its own: the fields are fuzzed at once.
    const newNotice = async () => {
      const id = unique('draft');
      dataOf(
        await asAdmin(
          `mutation ($input: CreateNoticeInput!) { createNotice(input: $input) { id } }`,
          {
            input: { id, title: 'Draft notice' },
          },
        ),
      );
      return id;
    };
    const section = { key: 'all', heading: 'Heading', summary: 'Summary', body: 'Body' };
    const saveDraft = async (
      draftNotice: string,
      sectionChange: Partial<typeof section>,
      changeSummary: string | null,
    ) => {
      const answer = await asAdmin(
        `mutation ($input: SaveNoticeDraftInput!) { saveNoticeDraft(input: $input) { number } }`,
        {
          input: {
            noticeId: draftNotice,
            sections: [{ ...section, ...sectionChange }],
            changeSummary,
          },
        },
      );
      const number = answer.data?.saveNoticeDraft?.number as number | undefined;
      const readDraft = async () =>
        dataOf(
          await asAdmin(
            `query ($id: ID!, $number: Int!) { notice(id: $id) { version(number: $number) { changeSummary sections { heading summary body } } } }`,
            { id: draftNotice, number },
          ),
        ).notice.version;
      return { answer, readDraft };
    };
    const sectionField = async (
      name: 'heading' | 'summary' | 'body',
      maxLength: number,
      blank: FreeTextField['blank'],
    ): Promise<FreeTextField> => {
      const noticeId = await newNotice();
      return {
        field: `NoticeSectionInput.${name}`,
        maxLength,
        blank,
        async write(text) {
          const { answer, readDraft } = await saveDraft(noticeId, { [name]: text }, null);
          return { answer, readBack: async () => (await readDraft()).sections[0][name] };
        },
      };
    };
    const changeSummaryNotice = await newNotice();
    const translatedNotice = await newNotice();
    const translatedNumber = dataOf((await saveDraft(translatedNotice, {}, null)).answer)
      .saveNoticeDraft.number as number;
    const request = async (type: string, details: string | null = null) =>
      dataOf(
        await asAdmin(
          `mutation ($input: SubmitSubjectRequestInput!) { submitSubjectRequest(input: $input) { id } }`,
          { input: { type, email: uniqueEmail(), details, identityVerified: true } },
        ),
      ).submitSubjectRequest.id as string;
    const readRequest = async (id: string) =>
      dataOf(
        await asAdmin(
          `query ($id: ID!) { subjectRequest(id: $id) { details extensionReason rejectionReason history { note } } }`,
          { id },
        ),
      ).subjectRequest;
    const decision = (
      mutation: 'extendSubjectRequest' | 'rejectSubjectRequest' | 'completeSubjectRequest',
      argument: 'reason' | 'note',
      type: string,
      read: (request: Record<string, unknown> & { history: { note: string | null }[] }) => unknown,
      blank: FreeTextField['blank'],
    ): FreeTextField => ({
      field: `Mutation.${mutation}.${argument}`,
      maxLength: BOUNDS.shortTextLength,
      blank,
      async write(text) {
        const id = await request(type);
        const answer = await asAdmin(
          `mutation ($id: ID!, $text: String!) { ${mutation}(id: $id, ${argument}: $text) { id } }`,
          { id, text },
        );
        return { answer, readBack: async () => read(await readRequest(id)) };
      },
    });
    const attendeeField = (name: keyof typeof BOUNDS.attendeeLength): FreeTextField => ({
      field: `AttendeeInput.${name}`,
      maxLength: BOUNDS.attendeeLength[name],
      blank: 'null',
      trimmed: true,
      async write(text) {
        const email = uniqueEmail();
        const answer = await server.gql(
          `mutation ($input: RegisterForEventInput!) { registerForEvent(input: $input) { id } }`,
          {
            input: {
              eventId: fixture.eventId,
              noticeId: fixture.noticeId,
              noticeVersion: fixture.noticeVersion,
              attendee: { name: 'Ada', email, [name]: text },
            },
          },
        );
        const readBack = async () =>
          dataOf(
            await asAdmin(
              `query ($email: EmailAddress!) { subject(email: $email) { registrations { attendee { ${name} } } } }`,
              { email },
            ),
          ).subject.registrations[0].attendee[name];
        return { answer, readBack };
      },
    });
    const sharingField = (
      name: 'purpose' | 'legalReference',
      blank: FreeTextField['blank'],
    ): FreeTextField => ({
      field: `RecordSharingInput.${name}`,
      maxLength: BOUNDS.shortTextLength,
      blank,
      async write(text) {
        // A partner of its own: its only record is the one read back.
        const { id: partnerId } = await createPartner(server);
        const answer = await asAdmin(
          `mutation ($input: RecordSharingInput!) { recordSharing(input: $input) { id } }`,
          {
            input: {
              partnerId,
              categories: ['COUNTRY'],
              purpose: 'Statistics',
              situation: 'AGGREGATED_STATISTICS',
              [name]: text,
            },
          },
        );
        const readBack = async () =>
          dataOf(
            await asAdmin(
              `query ($partnerId: ID!) { sharingRecords(partnerId: $partnerId) { nodes { purpose legalReference } } }`,
              { partnerId },
            ),
          ).sharingRecords.nodes[0][name];
        return { answer, readBack };
      },
    });

    fields = [
      {
        field: 'CreateNoticeInput.title',
        maxLength: BOUNDS.nameLength,
        blank: 'refused',
        async write(title) {
          const id = unique('notice');
          const answer = await asAdmin(
            `mutation ($input: CreateNoticeInput!) { createNotice(input: $input) { id } }`,
            { input: { id, title } },
          );
          const readBack = async () =>
            dataOf(await server.gql(`query ($id: ID!) { notice(id: $id) { title } }`, { id }))
              .notice.title;
          return { answer, readBack };
        },
      },
      await sectionField('heading', BOUNDS.nameLength, 'refused'),
      await sectionField('summary', BOUNDS.shortTextLength, 'null'),
      await sectionField('body', BOUNDS.longTextLength, 'refused'),
      {
        field: 'SaveNoticeDraftInput.changeSummary',
        maxLength: BOUNDS.shortTextLength,
        blank: 'null',
        async write(text) {
          const { answer, readDraft } = await saveDraft(changeSummaryNotice, {}, text);
          return { answer, readBack: async () => (await readDraft()).changeSummary };
        },
      },
      {
        field: 'SaveNoticeTranslationInput.changeSummary',
        maxLength: BOUNDS.shortTextLength,
        blank: 'null',
        async write(text) {
          const answer = await asAdmin(
            `mutation ($input: SaveNoticeTranslationInput!) { saveNoticeTranslation(input: $input) { number } }`,
            {
              input: {
                noticeId: translatedNotice,
                number: translatedNumber,
                language: 'zh-CN',
                sections: [{ ...section, heading: '标题', body: '正文' }],
                changeSummary: text,
              },
            },
          );
          const readBack = async () =>
            dataOf(
              await asAdmin(
                `query ($id: ID!, $number: Int!) { notice(id: $id) { version(number: $number) { translation(language: "zh-CN") { changeSummary } } } }`,
                { id: translatedNotice, number: translatedNumber },
              ),
            ).notice.version.translation.changeSummary;
          return { answer, readBack };
        },
      },
      ...(['name', 'description'] as const).map((name): FreeTextField => {
        const purposeId = unique('purpose');
        return {
          field: `PurposeInput.${name}`,
          maxLength: name === 'name' ? BOUNDS.nameLength : BOUNDS.shortTextLength,
          blank: name === 'name' ? 'refused' : 'null',
          async write(text) {
            const answer = await asAdmin(
              `mutation ($input: PurposeInput!) { upsertPurpose(input: $input) { id } }`,
              {
                input: {
                  id: purposeId,
                  name: registration.name,
                  lawfulBasis: registration.lawfulBasis,
                  dataCategories: [...DATA_CATEGORIES],
                  dpvPurpose: registration.dpvPurpose,
                  [name]: text,
                },
              },
            );
            const readBack = async () =>
              dataOf(await server.gql(`{ purposes { id name description } }`)).purposes.find(
                (purpose: { id: string }) => purpose.id === purposeId,
              )[name];
            return { answer, readBack };
          },
        };
      }),
      {
        field: 'PartnerInput.name',
        maxLength: BOUNDS.nameLength,
        blank: 'refused',
        async write(name) {
          const id = unique('partner');
          const answer = await asAdmin(
            `mutation ($input: PartnerInput!) { upsertPartner(input: $input) { id } }`,
            { input: { id, name, kind: 'OTHER' } },
          );
          const readBack = async () =>
            dataOf(await asAdmin(`{ partners { id name } }`, {})).partners.find(
              (partner: { id: string }) => partner.id === id,
            ).name;
          return { answer, readBack };
        },
      },
      {
        field: 'CreateEventInput.title',
        maxLength: BOUNDS.nameLength,
        blank: 'refused',
        async write(title) {
          const id = unique('event');
          const now = server.clock.now().getTime();
          const answer = await asAdmin(
            `mutation ($input: CreateEventInput!) { createEvent(input: $input) { id } }`,
            {
              input: {
                id,
                title,
                format: 'WEBINAR',
                startsAt: new Date(now + 86_400_000).toISOString(),
                endsAt: new Date(now + 2 * 86_400_000).toISOString(),
                dataUses: [{ category: 'EMAIL', purposeId: registration.id }],
                retentionDays: 30,
              },
            },
          );
          const readBack = async () =>
            dataOf(await server.gql(`query ($id: ID!) { event(id: $id) { title } }`, { id })).event
              .title;
          return { answer, readBack };
        },
      },
      sharingField('purpose', 'refused'),
      sharingField('legalReference', 'null'),
      {
        field: 'SubmitSubjectRequestInput.details',
        maxLength: BOUNDS.longTextLength,
        blank: 'null',
        async write(details) {
          const answer = await asAdmin(
            `mutation ($input: SubmitSubjectRequestInput!) { submitSubjectRequest(input: $input) { id } }`,
            { input: { type: 'ACCESS', email: uniqueEmail(), details, identityVerified: true } },
          );
          const id = answer.data?.submitSubjectRequest?.id as string;
          return { answer, readBack: async () => (await readRequest(id)).details };
        },
      },
      decision('extendSubjectRequest', 'reason', 'ACCESS', (r) => r.extensionReason, 'refused'),
      decision('rejectSubjectRequest', 'reason', 'ACCESS', (r) => r.rejectionReason, 'refused'),
      decision(
        'completeSubjectRequest',
        'note',
        'RESTRICTION',
        (r) => r.history.at(-1)?.note,
        'kept',
      ),
      ...FREE_TEXT_ATTENDEE_FIELDS.map(attendeeField),
    ];
  });
  afterAll(() => server.close());

  it('stores hostile strings as data and reads them back unchanged, refusing only what breaks a bound', async () => {
    const results = await mapConcurrently(fields, CONCURRENCY, (field) =>
      fc
        .check(
          fc.asyncProperty(hostileText, async (text) => {
            const { answer, readBack } = await field.write(text);
            const outcome = expected(field, text);
            if (!outcome.accepted) {
              expect(answer.errors?.map((error) => error.extensions?.code)).toEqual([
                'BAD_USER_INPUT',
              ]);
              return;
            }
            expect(answer.errors).toBeUndefined();
            expect(await readBack()).toBe(outcome.stored);
          }),
          { numRuns: RUNS_PER_FREE_TEXT_FIELD },
        )
        .then((details) =>
          details.failed ? `${field.field}: ${fc.defaultReportMessage(details)}` : null,
        ),
    );
    expect(results.filter(Boolean)).toEqual([]);
  }, 300_000);
});
