/**
 * Every argument and input field of the schema is bounded (domain/validation.ts
 * BOUNDS): a value past its bound is BAD_USER_INPUT naming the field and the
 * bound, and nothing is written. The table below has a row for each; a field
 * of the schema without one fails the test.
 */
import {
  buildSchema,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isObjectType,
  type GraphQLInputType,
} from 'graphql';
import { DATA_CATEGORIES } from '../../domain/constants';
import { BOUNDS } from '../../domain/validation';
import { typeDefs } from '../../schema/type-defs.generated';
import {
  adminToken,
  createEventFixture,
  personToken,
  submitRequest,
  uniqueEmail,
  type EventFixture,
} from '../support/factories';
import { startTestServer, tokenFor, type TestServer } from '../support/harness';
import { FREE_TEXT_ATTENDEE_FIELDS } from '../support/hostile-input';

const schema = buildSchema(typeDefs);

/** Scalars whose values GraphQL itself closes: enums, Boolean and ISO country codes. */
const CLOSED_SCALARS = new Set(['Boolean', 'CountryCode']);

/**
 * The coordinates that need a bound: each argument and input field holding
 * text, a number, a date or a list (`Type.field`, `Query.field.argument`),
 * and each list's items when they are text (`Type.field[]`).
 */
function boundedCoordinates(): string[] {
  const coordinates: string[] = [];
  const visit = (coordinate: string, type: GraphQLInputType) => {
    const nullable = getNullableType(type);
    const named = getNamedType(type);
    if (isEnumType(named) || isInputObjectType(named) || CLOSED_SCALARS.has(named.name)) {
      if (isListType(nullable)) coordinates.push(coordinate);
      return;
    }
    coordinates.push(coordinate);
    if (isListType(nullable)) coordinates.push(`${coordinate}[]`);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        for (const arg of field.args) visit(`${type.name}.${field.name}.${arg.name}`, arg.type);
      }
    }
    if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        visit(`${type.name}.${field.name}`, field.type);
      }
    }
  }
  return coordinates.sort();
}

type Caller = 'PUBLIC' | 'ADMIN' | 'SUBJECT';

/** A call with one value past its bound; the answer's message must mention each of `mentions`. */
interface BoundCase {
  coordinate: string;
  caller: Caller;
  document: string;
  variables: Record<string, unknown>;
  mentions: string[];
}

const DAY = 86_400_000;
const tooLong = (length: number) => 'x'.repeat(length + 1);
const tooLongId = tooLong(BOUNDS.idLength);
/** A well-formed address one character past the bound. */
const tooLongEmail = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.org`;
const future = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const pastTheDates = '3000-01-01T00:00:00.000Z';
const ids = (count: number) => Array.from({ length: count }, (_, index) => `id-${index}`);
const tooManyCategories = [...DATA_CATEGORIES, 'EMAIL'];

const ID_RULE = [`${BOUNDS.idLength}`, "letters, digits, '.', '_' or '-'"];
const PAGE_RULE = ['first', `${BOUNDS.pageSize.max}`];
const CURSOR_RULE = ['after', `${BOUNDS.cursorLength}`];
const DATE_RULE = [BOUNDS.dateTime.max];

/** The cases, each built on inputs that are valid but for the one value. */
function cases(fixture: EventFixture, requestId: string): BoundCase[] {
  const event = {
    id: 'an-event',
    title: 'An event',
    format: 'WEBINAR',
    startsAt: future(1),
    endsAt: future(2),
    dataUses: [{ category: 'EMAIL', purposeId: 'a-purpose' }],
    retentionDays: 30,
  };
  const createEvent = (
    change: Record<string, unknown>,
    coordinate: string,
    mentions: string[],
  ) => ({
    coordinate,
    caller: 'ADMIN' as const,
    document: `mutation ($input: CreateEventInput!) { createEvent(input: $input) { id } }`,
    variables: { input: { ...event, ...change } },
    mentions,
  });
  const section = { key: 'a', heading: 'Heading', body: 'Body' };
  const saveDraft = (change: Record<string, unknown>, coordinate: string, mentions: string[]) => ({
    coordinate,
    caller: 'ADMIN' as const,
    document: `mutation ($input: SaveNoticeDraftInput!) { saveNoticeDraft(input: $input) { number } }`,
    variables: { input: { noticeId: 'a-notice', sections: [section], ...change } },
    mentions,
  });
  const withSection = (change: Record<string, unknown>) => ({
    sections: [{ ...section, ...change }],
  });
  const input =
    (type: string, field: string, caller: Caller, base: Record<string, unknown>) =>
    (change: Record<string, unknown>, coordinate: string, mentions: string[]): BoundCase => ({
      coordinate,
      caller,
      document: `mutation ($input: ${type}!) { ${field}(input: $input) { __typename } }`,
      variables: { input: { ...base, ...change } },
      mentions,
    });
  const createNotice = input('CreateNoticeInput', 'createNotice', 'ADMIN', {
    id: 'a-notice',
    title: 'A notice',
  });
  const translate = input('SaveNoticeTranslationInput', 'saveNoticeTranslation', 'ADMIN', {
    noticeId: 'a-notice',
    number: 1,
    language: 'zh-CN',
    sections: [section],
  });
  const publish = input('PublishNoticeVersionInput', 'publishNoticeVersion', 'ADMIN', {
    noticeId: 'a-notice',
    number: 1,
    material: false,
  });
  const purpose = input('PurposeInput', 'upsertPurpose', 'ADMIN', {
    id: 'a-purpose',
    name: 'A purpose',
    lawfulBasis: 'CONSENT',
    dataCategories: ['EMAIL'],
  });
  const partner = input('PartnerInput', 'upsertPartner', 'ADMIN', {
    id: 'a-partner',
    name: 'A partner',
    kind: 'OTHER',
  });
  const sharing = input('RecordSharingInput', 'recordSharing', 'ADMIN', {
    partnerId: 'a-partner',
    categories: ['EMAIL'],
    purpose: 'Statistics',
    situation: 'AGGREGATED_STATISTICS',
  });
  const assessment = input('ImpactAssessmentInput', 'recordImpactAssessment', 'ADMIN', {
    partnerId: 'a-partner',
    scopes: ['CROSS_BORDER'],
    conductedAt: '2026-01-31T09:00:00.000Z',
    summary: 'Summary',
    risks: 'Risks',
    safeguards: 'Safeguards',
  });
  const separateConsent = input('SeparateConsentInput', 'grantSeparateConsent', 'SUBJECT', {
    partnerId: 'a-partner',
    scope: 'CROSS_BORDER',
    noticeId: 'a-notice',
    noticeVersion: 1,
  });
  const attendee = { name: 'Ada', email: uniqueEmail() };
  const register = input('RegisterForEventInput', 'registerForEvent', 'PUBLIC', {
    eventId: 'an-event',
    noticeId: 'a-notice',
    noticeVersion: 1,
    attendee,
  });
  const withAttendee = (change: Record<string, unknown>) => ({
    attendee: { ...attendee, ...change },
  });
  const submit = input('SubmitSubjectRequestInput', 'submitSubjectRequest', 'PUBLIC', {
    type: 'ACCESS',
    email: uniqueEmail(),
  });
  const enter = input('SubmitSubjectRequestInput', 'submitSubjectRequest', 'ADMIN', {
    type: 'ACCESS',
    email: uniqueEmail(),
    channel: 'POST',
  });
  const consent = input('ConsentInput', 'grantConsent', 'SUBJECT', {
    purposeId: 'a-purpose',
    noticeId: 'a-notice',
    noticeVersion: 1,
  });
  const call = (
    coordinate: string,
    caller: Caller,
    document: string,
    variables: Record<string, unknown>,
    mentions: string[],
  ): BoundCase => ({ coordinate, caller, document, variables, mentions });
  const decision = (mutation: string, argument: string) => [
    call(
      `Mutation.${mutation}.id`,
      'ADMIN',
      `mutation ($id: ID!) { ${mutation}(id: $id, ${argument}: "Because") { id } }`,
      { id: tooLongId },
      ['id', ...ID_RULE],
    ),
    call(
      `Mutation.${mutation}.${argument}`,
      'ADMIN',
      `mutation ($id: ID!, $text: String!) { ${mutation}(id: $id, ${argument}: $text) { id } }`,
      { id: requestId, text: tooLong(BOUNDS.shortTextLength) },
      [argument, `${BOUNDS.shortTextLength}`],
    ),
  ];
  const paged = (query: string, extra = '') => [
    call(
      `Query.${query}.first`,
      'ADMIN',
      `query ($first: Int) { ${query}(first: $first${extra}) { pageInfo { hasNextPage } } }`,
      { first: BOUNDS.pageSize.max + 1 },
      PAGE_RULE,
    ),
    call(
      `Query.${query}.after`,
      'ADMIN',
      `query ($after: String) { ${query}(after: $after${extra}) { pageInfo { hasNextPage } } }`,
      { after: tooLong(BOUNDS.cursorLength) },
      CURSOR_RULE,
    ),
  ];

  return [
    createNotice({ id: tooLongId }, 'CreateNoticeInput.id', ['id', ...ID_RULE]),
    createNotice({ title: tooLong(BOUNDS.nameLength) }, 'CreateNoticeInput.title', [
      'title',
      `${BOUNDS.nameLength}`,
    ]),
    createNotice({ language: tooLong(BOUNDS.languageLength) }, 'CreateNoticeInput.language', [
      'language',
      `${BOUNDS.languageLength}`,
    ]),
    saveDraft({ noticeId: tooLongId }, 'SaveNoticeDraftInput.noticeId', ['noticeId', ...ID_RULE]),
    saveDraft(
      { sections: ids(BOUNDS.sections + 1).map((key) => ({ ...section, key })) },
      'SaveNoticeDraftInput.sections',
      ['sections', `${BOUNDS.sections}`],
    ),
    saveDraft(
      { changeSummary: tooLong(BOUNDS.shortTextLength) },
      'SaveNoticeDraftInput.changeSummary',
      ['changeSummary', `${BOUNDS.shortTextLength}`],
    ),
    saveDraft({ language: tooLong(BOUNDS.languageLength) }, 'SaveNoticeDraftInput.language', [
      'language',
      `${BOUNDS.languageLength}`,
    ]),
    saveDraft(withSection({ key: tooLongId }), 'NoticeSectionInput.key', [
      'sections[0].key',
      ...ID_RULE,
    ]),
    saveDraft(withSection({ heading: tooLong(BOUNDS.nameLength) }), 'NoticeSectionInput.heading', [
      'sections[0].heading',
      `${BOUNDS.nameLength}`,
    ]),
    saveDraft(
      withSection({ summary: tooLong(BOUNDS.shortTextLength) }),
      'NoticeSectionInput.summary',
      ['sections[0].summary', `${BOUNDS.shortTextLength}`],
    ),
    saveDraft(withSection({ body: tooLong(BOUNDS.longTextLength) }), 'NoticeSectionInput.body', [
      'sections[0].body',
      `${BOUNDS.longTextLength}`,
    ]),
    translate({ noticeId: tooLongId }, 'SaveNoticeTranslationInput.noticeId', [
      'noticeId',
      ...ID_RULE,
    ]),
    translate({ number: 0 }, 'SaveNoticeTranslationInput.number', [
      'number',
      `${BOUNDS.versionNumber.min}`,
    ]),
    translate({ language: tooLong(BOUNDS.languageLength) }, 'SaveNoticeTranslationInput.language', [
      'language',
      `${BOUNDS.languageLength}`,
    ]),
    translate(
      { sections: ids(BOUNDS.sections + 1).map((key) => ({ ...section, key })) },
      'SaveNoticeTranslationInput.sections',
      ['sections', `${BOUNDS.sections}`],
    ),
    translate(
      { changeSummary: tooLong(BOUNDS.shortTextLength) },
      'SaveNoticeTranslationInput.changeSummary',
      ['changeSummary', `${BOUNDS.shortTextLength}`],
    ),
    publish({ noticeId: tooLongId }, 'PublishNoticeVersionInput.noticeId', [
      'noticeId',
      ...ID_RULE,
    ]),
    publish({ number: 0 }, 'PublishNoticeVersionInput.number', [
      'number',
      `${BOUNDS.versionNumber.min}`,
    ]),
    publish({ effectiveAt: pastTheDates }, 'PublishNoticeVersionInput.effectiveAt', [
      'effectiveAt',
      ...DATE_RULE,
    ]),

    purpose({ id: tooLongId }, 'PurposeInput.id', ['id', `${BOUNDS.idLength}`]),
    purpose({ name: tooLong(BOUNDS.nameLength) }, 'PurposeInput.name', [
      'name',
      `${BOUNDS.nameLength}`,
    ]),
    purpose({ description: tooLong(BOUNDS.shortTextLength) }, 'PurposeInput.description', [
      'description',
      `${BOUNDS.shortTextLength}`,
    ]),
    purpose({ dataCategories: tooManyCategories }, 'PurposeInput.dataCategories', [
      'dataCategories',
      `${BOUNDS.categoryList}`,
    ]),
    purpose({ retentionDays: BOUNDS.purposeRetentionDays.max + 1 }, 'PurposeInput.retentionDays', [
      'retentionDays',
      `${BOUNDS.purposeRetentionDays.max}`,
    ]),
    purpose({ dpvPurpose: tooLong(BOUNDS.urlLength) }, 'PurposeInput.dpvPurpose', [
      'dpvPurpose',
      `${BOUNDS.urlLength}`,
    ]),

    partner({ id: tooLongId }, 'PartnerInput.id', ['id', ...ID_RULE]),
    partner({ name: tooLong(BOUNDS.nameLength) }, 'PartnerInput.name', [
      'name',
      `${BOUNDS.nameLength}`,
    ]),
    partner(
      { webhookUrl: `https://example.org/${tooLong(BOUNDS.urlLength)}` },
      'PartnerInput.webhookUrl',
      ['webhookUrl', `${BOUNDS.urlLength}`],
    ),
    partner(
      { webhookSecret: tooLong(BOUNDS.webhookSecretLength.max) },
      'PartnerInput.webhookSecret',
      ['webhookSecret', `${BOUNDS.webhookSecretLength.max}`],
    ),
    ...(['contact', 'processingMethod', 'rightsProcedure'] as const).map((field) =>
      partner({ [field]: tooLong(BOUNDS.shortTextLength) }, `PartnerInput.${field}`, [
        field,
        `${BOUNDS.shortTextLength}`,
      ]),
    ),
    partner(
      { disclosedPurposes: ids(BOUNDS.disclosedPurposes + 1) },
      'PartnerInput.disclosedPurposes',
      ['disclosedPurposes', `${BOUNDS.disclosedPurposes}`],
    ),
    partner(
      { disclosedPurposes: [tooLong(BOUNDS.nameLength)] },
      'PartnerInput.disclosedPurposes[]',
      ['disclosedPurposes[0]', `${BOUNDS.nameLength}`],
    ),
    partner({ disclosedCategories: tooManyCategories }, 'PartnerInput.disclosedCategories', [
      'disclosedCategories',
      `${BOUNDS.categoryList}`,
    ]),

    assessment({ partnerId: tooLongId }, 'ImpactAssessmentInput.partnerId', [
      'partnerId',
      ...ID_RULE,
    ]),
    assessment(
      { scopes: ['PROVISION_TO_HANDLER', 'CROSS_BORDER', 'CROSS_BORDER'] },
      'ImpactAssessmentInput.scopes',
      ['scopes', '2'],
    ),
    assessment({ conductedAt: pastTheDates }, 'ImpactAssessmentInput.conductedAt', [
      'conductedAt',
      ...DATE_RULE,
    ]),
    assessment({ reviewBy: pastTheDates }, 'ImpactAssessmentInput.reviewBy', [
      'reviewBy',
      ...DATE_RULE,
    ]),
    ...(['summary', 'risks', 'safeguards'] as const).map((field) =>
      assessment({ [field]: tooLong(BOUNDS.shortTextLength) }, `ImpactAssessmentInput.${field}`, [
        field,
        `${BOUNDS.shortTextLength}`,
      ]),
    ),
    call(
      'Query.impactAssessments.partnerId',
      'ADMIN',
      `query ($id: ID) { impactAssessments(partnerId: $id) { id } }`,
      { id: tooLongId },
      ['partnerId', ...ID_RULE],
    ),

    separateConsent({ partnerId: tooLongId }, 'SeparateConsentInput.partnerId', [
      'partnerId',
      ...ID_RULE,
    ]),
    separateConsent({ noticeId: tooLongId }, 'SeparateConsentInput.noticeId', [
      'noticeId',
      ...ID_RULE,
    ]),
    separateConsent({ noticeVersion: 0 }, 'SeparateConsentInput.noticeVersion', [
      'noticeVersion',
      `${BOUNDS.versionNumber.min}`,
    ]),
    call(
      'Mutation.withdrawSeparateConsent.partnerId',
      'SUBJECT',
      `mutation ($id: ID!) { withdrawSeparateConsent(partnerId: $id, scope: CROSS_BORDER) { status } }`,
      { id: tooLongId },
      ['partnerId', ...ID_RULE],
    ),
    call(
      'Query.separateConsentDisclosure.partnerId',
      'PUBLIC',
      `query ($id: ID!) { separateConsentDisclosure(partnerId: $id, scope: CROSS_BORDER) { scope } }`,
      { id: tooLongId },
      ['partnerId', ...ID_RULE],
    ),

    createEvent({ id: tooLongId }, 'CreateEventInput.id', ['id', ...ID_RULE]),
    createEvent({ title: tooLong(BOUNDS.nameLength) }, 'CreateEventInput.title', [
      'title',
      `${BOUNDS.nameLength}`,
    ]),
    createEvent({ startsAt: pastTheDates, endsAt: pastTheDates }, 'CreateEventInput.startsAt', [
      'startsAt',
      ...DATE_RULE,
    ]),
    createEvent({ endsAt: pastTheDates }, 'CreateEventInput.endsAt', ['endsAt', ...DATE_RULE]),
    createEvent({ cosponsorIds: ids(BOUNDS.idList + 1) }, 'CreateEventInput.cosponsorIds', [
      'cosponsorIds',
      `${BOUNDS.idList}`,
    ]),
    createEvent({ cosponsorIds: [tooLongId] }, 'CreateEventInput.cosponsorIds[]', [
      'cosponsorIds[0]',
      ...ID_RULE,
    ]),
    createEvent(
      { dataUses: ids(BOUNDS.dataUses + 1).map((purposeId) => ({ category: 'EMAIL', purposeId })) },
      'CreateEventInput.dataUses',
      ['dataUses', `${BOUNDS.dataUses}`],
    ),
    createEvent(
      { retentionDays: BOUNDS.eventRetentionDays.max + 1 },
      'CreateEventInput.retentionDays',
      ['retentionDays', `${BOUNDS.eventRetentionDays.max}`],
    ),
    createEvent(
      { dataUses: [{ category: 'EMAIL', purposeId: tooLongId }] },
      'DataUseInput.purposeId',
      ['dataUses[0].purposeId', ...ID_RULE],
    ),

    register({ eventId: tooLongId }, 'RegisterForEventInput.eventId', ['eventId', ...ID_RULE]),
    register({ noticeId: tooLongId }, 'RegisterForEventInput.noticeId', ['noticeId', ...ID_RULE]),
    register({ noticeVersion: 0 }, 'RegisterForEventInput.noticeVersion', [
      'noticeVersion',
      `${BOUNDS.versionNumber.min}`,
    ]),
    register(
      { consentPurposeIds: ids(BOUNDS.idList + 1) },
      'RegisterForEventInput.consentPurposeIds',
      ['consentPurposeIds', `${BOUNDS.idList}`],
    ),
    register({ consentPurposeIds: [tooLongId] }, 'RegisterForEventInput.consentPurposeIds[]', [
      'consentPurposeIds[0]',
      ...ID_RULE,
    ]),
    register(
      {
        separateConsents: ids(BOUNDS.separateConsentChoices + 1).map((partnerId) => ({
          partnerId,
          scope: 'CROSS_BORDER',
        })),
      },
      'RegisterForEventInput.separateConsents',
      ['separateConsents', `${BOUNDS.separateConsentChoices}`],
    ),
    register(
      { separateConsents: [{ partnerId: tooLongId, scope: 'CROSS_BORDER' }] },
      'SeparateConsentChoice.partnerId',
      ['separateConsents[0].partnerId', ...ID_RULE],
    ),
    ...FREE_TEXT_ATTENDEE_FIELDS.map((field) =>
      register(
        withAttendee({ [field]: tooLong(BOUNDS.attendeeLength[field]) }),
        `AttendeeInput.${field}`,
        [`attendee.${field}`, `${BOUNDS.attendeeLength[field]}`],
      ),
    ),
    register(withAttendee({ email: tooLongEmail }), 'AttendeeInput.email', [
      'attendee.email',
      `${BOUNDS.emailLength}`,
    ]),

    consent({ purposeId: tooLongId }, 'ConsentInput.purposeId', ['purposeId', ...ID_RULE]),
    consent({ noticeId: tooLongId }, 'ConsentInput.noticeId', ['noticeId', ...ID_RULE]),
    consent({ noticeVersion: 0 }, 'ConsentInput.noticeVersion', [
      'noticeVersion',
      `${BOUNDS.versionNumber.min}`,
    ]),
    call(
      'Mutation.withdrawConsent.purposeId',
      'SUBJECT',
      `mutation ($id: ID!) { withdrawConsent(purposeId: $id) { status } }`,
      { id: tooLongId },
      ['purposeId', ...ID_RULE],
    ),
    call(
      'Mutation.cancelRegistration.id',
      'ADMIN',
      `mutation ($id: ID!) { cancelRegistration(id: $id) { id } }`,
      { id: tooLongId },
      ['id', ...ID_RULE],
    ),

    sharing({ partnerId: tooLongId }, 'RecordSharingInput.partnerId', ['partnerId', ...ID_RULE]),
    sharing({ subjectEmail: tooLongEmail }, 'RecordSharingInput.subjectEmail', [
      'subjectEmail',
      `${BOUNDS.emailLength}`,
    ]),
    sharing({ categories: tooManyCategories }, 'RecordSharingInput.categories', [
      'categories',
      `${BOUNDS.categoryList}`,
    ]),
    sharing({ purpose: tooLong(BOUNDS.shortTextLength) }, 'RecordSharingInput.purpose', [
      'purpose',
      `${BOUNDS.shortTextLength}`,
    ]),
    sharing(
      { legalReference: tooLong(BOUNDS.shortTextLength) },
      'RecordSharingInput.legalReference',
      ['legalReference', `${BOUNDS.shortTextLength}`],
    ),
    sharing({ sharedAt: pastTheDates }, 'RecordSharingInput.sharedAt', ['sharedAt', ...DATE_RULE]),

    submit({ email: tooLongEmail }, 'SubmitSubjectRequestInput.email', [
      'email',
      `${BOUNDS.emailLength}`,
    ]),
    submit({ details: tooLong(BOUNDS.longTextLength) }, 'SubmitSubjectRequestInput.details', [
      'details',
      `${BOUNDS.longTextLength}`,
    ]),
    submit(
      {
        type: 'RECTIFICATION',
        corrections: tooManyCategories.map((category) => ({ category, value: 'x' })),
      },
      'SubmitSubjectRequestInput.corrections',
      ['corrections', `${BOUNDS.categoryList}`],
    ),
    submit(
      {
        type: 'RECTIFICATION',
        corrections: [{ category: 'NAME', value: tooLong(BOUNDS.attendeeLength.name) }],
      },
      'FieldCorrectionInput.value',
      ['corrections.NAME', `${BOUNDS.attendeeLength.name}`],
    ),
    submit(
      { type: 'OBJECTION', purposeIds: ids(BOUNDS.idList + 1) },
      'SubmitSubjectRequestInput.purposeIds',
      ['purposeIds', `${BOUNDS.idList}`],
    ),
    enter({ receivedAt: pastTheDates }, 'SubmitSubjectRequestInput.receivedAt', [
      'receivedAt',
      ...DATE_RULE,
    ]),
    submit(
      { type: 'OBJECTION', purposeIds: [tooLongId] },
      'SubmitSubjectRequestInput.purposeIds[]',
      ['purposeIds[0]', ...ID_RULE],
    ),
    call(
      'Mutation.verifySubjectRequest.id',
      'PUBLIC',
      `mutation ($id: ID!) { verifySubjectRequest(id: $id, code: "123456") { id } }`,
      { id: tooLongId },
      ['id', ...ID_RULE],
    ),
    call(
      'Mutation.verifySubjectRequest.code',
      'PUBLIC',
      `mutation ($id: ID!, $code: String!) { verifySubjectRequest(id: $id, code: $code) { id } }`,
      { id: requestId, code: tooLong(BOUNDS.codeLength) },
      ['code', `${BOUNDS.codeLength}`],
    ),
    call(
      'Mutation.requestSignInCode.email',
      'PUBLIC',
      `mutation ($email: EmailAddress!) { requestSignInCode(email: $email) }`,
      { email: tooLongEmail },
      ['email', `${BOUNDS.emailLength}`],
    ),
    call(
      'Mutation.signIn.email',
      'PUBLIC',
      `mutation ($email: EmailAddress!) { signIn(email: $email, code: "123456") { token } }`,
      { email: tooLongEmail },
      ['email', `${BOUNDS.emailLength}`],
    ),
    call(
      'Mutation.signIn.code',
      'PUBLIC',
      `mutation ($email: EmailAddress!, $code: String!) { signIn(email: $email, code: $code) { token } }`,
      { email: uniqueEmail(), code: tooLong(BOUNDS.codeLength) },
      ['code', `${BOUNDS.codeLength}`],
    ),
    ...decision('extendSubjectRequest', 'reason'),
    ...decision('rejectSubjectRequest', 'reason'),
    call(
      'Mutation.redeliver.id',
      'ADMIN',
      'mutation ($id: ID!) { redeliver(id: $id) { id } }',
      { id: 'd'.repeat(BOUNDS.deliveryIdLength + 1) },
      ['id', `${BOUNDS.deliveryIdLength}`],
    ),
    ...decision('completeSubjectRequest', 'note'),

    call(
      'Query.notice.id',
      'PUBLIC',
      `query ($id: ID!) { notice(id: $id) { id } }`,
      { id: tooLongId },
      ['id', ...ID_RULE],
    ),
    call(
      'Notice.version.number',
      'ADMIN',
      `query ($id: ID!) { notice(id: $id) { version(number: 0) { number } } }`,
      { id: fixture.noticeId },
      ['number', `${BOUNDS.versionNumber.min}`],
    ),
    call(
      'Notice.currentIn.language',
      'PUBLIC',
      `query ($id: ID!, $language: String!) { notice(id: $id) { currentIn(language: $language) { number } } }`,
      { id: fixture.noticeId, language: tooLong(BOUNDS.languageLength) },
      ['language', `${BOUNDS.languageLength}`],
    ),
    call(
      'NoticeVersion.translation.language',
      'PUBLIC',
      `query ($id: ID!, $language: String!) { notice(id: $id) { current { translation(language: $language) { number } } } }`,
      { id: fixture.noticeId, language: tooLong(BOUNDS.languageLength) },
      ['language', `${BOUNDS.languageLength}`],
    ),
    call(
      'Notice.versions.first',
      'ADMIN',
      `query ($id: ID!, $first: Int) { notice(id: $id) { versions(first: $first) { nodes { number } } } }`,
      { id: fixture.noticeId, first: BOUNDS.pageSize.max + 1 },
      PAGE_RULE,
    ),
    call(
      'Notice.versions.after',
      'ADMIN',
      `query ($id: ID!, $after: String) { notice(id: $id) { versions(after: $after) { nodes { number } } } }`,
      { id: fixture.noticeId, after: tooLong(BOUNDS.cursorLength) },
      CURSOR_RULE,
    ),
    call(
      'Query.event.id',
      'PUBLIC',
      `query ($id: ID!) { event(id: $id) { id } }`,
      { id: tooLongId },
      ['id', ...ID_RULE],
    ),
    call(
      'Event.registrations.first',
      'ADMIN',
      `query ($id: ID!, $first: Int) { event(id: $id) { registrations(first: $first) { nodes { id } } } }`,
      { id: fixture.eventId, first: BOUNDS.pageSize.max + 1 },
      PAGE_RULE,
    ),
    call(
      'Event.registrations.after',
      'ADMIN',
      `query ($id: ID!, $after: String) { event(id: $id) { registrations(after: $after) { nodes { id } } } }`,
      { id: fixture.eventId, after: tooLong(BOUNDS.cursorLength) },
      CURSOR_RULE,
    ),
    call(
      'Query.subject.email',
      'ADMIN',
      `query ($email: EmailAddress!) { subject(email: $email) { id } }`,
      { email: tooLongEmail },
      ['email', `${BOUNDS.emailLength}`],
    ),
    call(
      'Query.subjectRequest.id',
      'ADMIN',
      `query ($id: ID!) { subjectRequest(id: $id) { id } }`,
      { id: tooLongId },
      ['id', ...ID_RULE],
    ),
    ...paged('subjectRequests'),
    ...paged('deliveries'),
    ...paged('auditLog'),
    call(
      'Query.auditLog.entity',
      'ADMIN',
      `query ($entity: String) { auditLog(entity: $entity) { nodes { id } } }`,
      { entity: tooLongId },
      ['entity', ...ID_RULE],
    ),
    call(
      'Query.auditLog.entityId',
      'ADMIN',
      `query ($id: String) { auditLog(entity: "Notice", entityId: $id) { nodes { id } } }`,
      { id: tooLongId },
      ['entityId', ...ID_RULE],
    ),
    ...paged('sharingRecords'),
    call(
      'Query.sharingRecords.partnerId',
      'ADMIN',
      `query ($id: ID) { sharingRecords(partnerId: $id) { nodes { id } } }`,
      { id: tooLongId },
      ['partnerId', ...ID_RULE],
    ),
    call(
      'Query.sharingRecords.since',
      'ADMIN',
      `query ($since: DateTime) { sharingRecords(since: $since) { nodes { id } } }`,
      { since: pastTheDates },
      ['since', ...DATE_RULE],
    ),
    call(
      'Query.noticeChangeNotifications.noticeId',
      'ADMIN',
      `query ($id: ID!) { noticeChangeNotifications(noticeId: $id) { version } }`,
      { id: tooLongId },
      ['noticeId', ...ID_RULE],
    ),
  ];
}

describe('input bounds', () => {
  let server: TestServer;
  let fixture: EventFixture;
  let table: BoundCase[];
  const tokens: Partial<Record<Caller, string>> = {};

  beforeAll(async () => {
    server = await startTestServer();
    fixture = await createEventFixture(server);
    const request = await submitRequest(server, 'ACCESS', uniqueEmail());
    table = cases(fixture, request.id);
    tokens.ADMIN = await adminToken();
    tokens.SUBJECT = await personToken(uniqueEmail());
  });
  afterAll(() => server.close());

  it('has a case for every argument and input field that holds text, a number, a date or a list', () => {
    expect(table.map((row) => row.coordinate).sort()).toEqual(boundedCoordinates());
  });

  it('refuses each value past its bound with BAD_USER_INPUT naming the field and the bound, writing nothing', async () => {
    const audit = `{ auditLog(first: 100) { nodes { id } } }`;
    const before = await server.gql(audit, {}, tokens.ADMIN);
    for (const row of table) {
      const answer = await server.gql(row.document, row.variables, tokens[row.caller]);
      const [error, ...others] = answer.errors ?? [];
      expect({ coordinate: row.coordinate, code: error?.extensions?.code, others }).toEqual({
        coordinate: row.coordinate,
        code: 'BAD_USER_INPUT',
        others: [],
      });
      for (const mention of row.mentions) {
        expect({ coordinate: row.coordinate, message: error?.message }).toEqual({
          coordinate: row.coordinate,
          message: expect.stringContaining(mention),
        });
      }
    }
    expect((await server.gql(audit, {}, tokens.ADMIN)).data).toEqual(before.data);
  });

  it.each([
    [
      'a notice title',
      'CreateNoticeInput',
      'createNotice',
      { id: 'surrogate-notice', title: 'a\ud800b' },
      'title',
    ],
    [
      'a request’s details',
      'SubmitSubjectRequestInput',
      'submitSubjectRequest',
      { type: 'ACCESS', email: 'lone@example.org', details: '\udc00' },
      'details',
    ],
    [
      'a webhook secret',
      'PartnerInput',
      'upsertPartner',
      {
        id: 'surrogate-partner',
        name: 'P',
        kind: 'OTHER',
        webhookSecret: `${'s'.repeat(16)}\ud83d`,
      },
      'webhookSecret',
    ],
  ])(
    'refuses %s holding a lone surrogate, which DynamoDB cannot store, as BAD_USER_INPUT',
    async (_case, type, field, input, name) => {
      const answer = await server.gql(
        `mutation ($input: ${type}!) { ${field}(input: $input) { __typename } }`,
        { input },
        tokens.ADMIN,
      );
      expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(answer.errors?.[0]?.message).toContain(name);
    },
  );

  it('answers more than fifty wrong variable values with BAD_USER_INPUT only', async () => {
    const answer = await server.gql(
      `mutation ($input: CreateEventInput!) { createEvent(input: $input) { id } }`,
      {
        input: {
          id: 'e',
          title: 't',
          format: 'WEBINAR',
          startsAt: future(1),
          endsAt: future(2),
          dataUses: [],
          retentionDays: 1,
          cosponsorIds: Array(60).fill(null),
        },
      },
      tokens.ADMIN,
    );
    expect(answer.status).toBe(400);
    expect(new Set(answer.errors?.map((error) => error.extensions?.code))).toEqual(
      new Set(['BAD_USER_INPUT']),
    );
  });

  it('takes a token whose address is not one for a token without a verified address, storing no person', async () => {
    const token = await tokenFor({ role: 'subject', email: 'not-an-address' });
    const granted = await server.gql(
      `mutation ($input: ConsentInput!) { grantConsent(input: $input) { status } }`,
      {
        input: {
          purposeId: fixture.purposes.marketing.id,
          noticeId: fixture.noticeId,
          noticeVersion: fixture.noticeVersion,
        },
      },
      token,
    );
    expect(granted.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    const me = await server.gql(`{ me { email } }`, {}, token);
    expect(me.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('refuses a corrected EMAIL that the EmailAddress scalar could not serve back', async () => {
    const answer = await server.gql(
      `mutation ($input: SubmitSubjectRequestInput!) { submitSubjectRequest(input: $input) { id } }`,
      {
        input: {
          type: 'RECTIFICATION',
          email: uniqueEmail(),
          corrections: [{ category: 'EMAIL', value: 'ada\u0000@example.org' }],
        },
      },
    );
    expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });
});
