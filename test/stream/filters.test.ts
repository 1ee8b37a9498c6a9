import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { PrivacyOpsStack } from '../../cdk/stack';
import { isFanOutStepRecord, isPublicationRecord } from '../../lambdas/notice-changes';
import { isNewDelivery } from '../../lambdas/outbox';
import {
  STREAM_FILTERS,
  STREAM_HANDLER_NAMES,
  matchesPattern,
  passesFilters,
  type FilterPattern,
  type StreamHandlerName,
} from '../../lambdas/stream-filters';
import { startStreamPump, type StreamPump } from '../../local/stream-pump';
import { auditPut } from '../../store/audit';
import { createDb, type Db } from '../../store/db';
import type {
  Delivery,
  Event,
  Notice,
  Partner,
  Purpose,
  SharingRecord,
  StoredVersion,
} from '../../domain/types';
import { deliveryPut } from '../../store/deliveries';
import { itemOf } from '../../store/items';
import { eventKeys, noticeKeys, partnerKeys, purposeKeys, requestKeys } from '../../store/keys';
import { fanOutStepPut, notificationPut } from '../../store/notifications';
import { consentWrites, personPuts, registrationPut } from '../../store/people';
import { requestInserts } from '../../store/requests';
import { sharingPut } from '../../store/sharing';
import type { TransactItem } from '../../store/transactions';
import { createTestDb, eventually } from '../support/harness';
import { storedRequest } from '../support/records';

type Item = Record<string, unknown>;

/** The store's item builders only name the table in the writes they return; nothing is sent. */
const BUILDERS_DB = createDb({ table: 'stream-filters' });
const AT = '2026-03-02T09:00:00.000Z';
const SUBJECT = 'subject-1';

function putItem(write: TransactItem): Item {
  if (!write.Put?.Item) throw new Error('Not a Put');
  return write.Put.Item;
}

function putItems(writes: TransactItem[]): [Item, Item] {
  const [first, second] = writes.map(putItem);
  if (!first || !second) throw new Error('Not two Puts');
  return [first, second];
}

function version(number: number, fields: Partial<StoredVersion>): Item {
  const record: StoredVersion = {
    noticeId: 'site',
    number,
    state: 'DRAFT',
    language: 'en',
    material: null,
    changeSummary: null,
    sections: [{ key: 'contact', heading: 'Contact', summary: null, body: 'Write to us.' }],
    translations: [],
    createdAt: AT,
    updatedAt: AT,
    publishedAt: null,
    effectiveAt: null,
    ...fields,
  };
  return { ...noticeKeys.version(record.noticeId, record.number), ...itemOf(record) };
}

function published(number: number, material: boolean): Item {
  return version(number, {
    state: 'PUBLISHED',
    material,
    changeSummary: null,
    publishedAt: AT,
    effectiveAt: AT,
  });
}

function delivery(id: string, fields: Partial<Delivery>): Item {
  return putItem(
    deliveryPut(BUILDERS_DB, {
      id,
      channel: 'EMAIL',
      to: 'someone@example.org',
      topic: 'request.verification',
      status: 'PENDING',
      attempts: 0,
      createdAt: AT,
      subjectId: SUBJECT,
      sentAt: null,
      lastError: null,
      nextAttemptAt: AT,
      retryWindowStart: AT,
      attemptsBeforeWindow: 0,
      mail: { subject: 'Your code', text: 'Code: 123456' },
      webhook: null,
      ...fields,
    }),
  );
}

function fanOutStep(step: number): Item {
  return putItem(
    fanOutStepPut(BUILDERS_DB, {
      noticeId: 'site',
      version: 3,
      shard: 0,
      step,
      cursor: null,
      told: 0,
      checkWritten: false,
    }),
  );
}

const notice: Notice = {
  id: 'site',
  title: 'Site notice',
  language: 'en',
  createdAt: AT,
  lastNumber: 4,
  draftNumber: 4,
  publications: [{ number: 3, effectiveAt: AT, material: true }],
};
const purpose: Purpose = {
  id: 'marketing',
  name: 'Newsletters',
  description: null,
  lawfulBasis: 'CONSENT',
  dataCategories: ['EMAIL'],
  retentionDays: null,
  dpvPurpose: 'https://w3id.org/dpv#Marketing',
  updatedAt: AT,
};
const partner: Partner = {
  id: 'acme',
  name: 'Acme',
  kind: 'COSPONSOR',
  country: null,
  webhookUrl: 'http://127.0.0.1:9/acme',
  webhookSecret: 'acme-secret-0123456789',
  clientId: null,
  role: null,
  contact: null,
  processingMethod: null,
  rightsProcedure: null,
  disclosedPurposes: null,
  disclosedCategories: null,
  updatedAt: AT,
};
const event: Event = {
  id: 'meetup',
  title: 'Meetup',
  format: 'IN_PERSON',
  startsAt: AT,
  endsAt: AT,
  cosponsorIds: ['acme'],
  dataUses: [{ category: 'EMAIL', purposeId: 'marketing' }],
  retentionDays: 30,
  purgeAt: AT,
  createdAt: AT,
  attendance: { total: 0, byCountry: {}, byOrganizationType: {}, byIndustry: {} },
  deidentifiedAt: null,
};
const [emailLookup, profile] = putItems(
  personPuts(BUILDERS_DB, {
    id: SUBJECT,
    email: 'someone@example.org',
    restricted: false,
    createdAt: AT,
    restrictedAt: null,
    objectedToDirectMarketingAt: null,
    marketingConsentsGranted: 1,
  }),
);
const consent = consentWrites(
  BUILDERS_DB,
  {
    subjectId: SUBJECT,
    purposeId: 'marketing',
    status: 'GRANTED',
    noticeId: 'site',
    noticeVersion: 3,
    method: 'WEB_FORM',
    updatedAt: AT,
    receiptId: 'receipt-1',
    revision: 1,
    confirmedDespiteSignal: false,
  },
  {
    subjectId: SUBJECT,
    purposeId: 'marketing',
    status: 'GRANTED',
    at: AT,
    noticeId: 'site',
    noticeVersion: 3,
    method: 'WEB_FORM',
    receiptId: 'receipt-1',
    requestedStatus: null,
    confirmedDespiteSignal: false,
  },
  'consent-event-1',
);
const [request, requestLookup] = putItems(
  requestInserts(
    BUILDERS_DB,
    storedRequest({
      id: 'request-1',
      subjectId: SUBJECT,
      email: 'someone@example.org',
      receivedAt: AT,
      history: [{ at: AT, status: 'OPEN', actor: 'someone@example.org', note: null }],
    }),
  ),
);
const sharing: SharingRecord = {
  id: 'share-1',
  partnerId: 'acme',
  subjectId: SUBJECT,
  categories: ['EMAIL'],
  purpose: 'marketing',
  situation: 'COSPONSORED_EVENT',
  legalReference: null,
  destinationCountry: null,
  sharedAt: AT,
  recordedAt: AT,
  subjectErased: false,
};

interface Sample {
  kind: string;
  item: Item;
  /** The image before a MODIFY, when it differs from the item's own. */
  before?: Item;
  /** Who receives the record of its write as a new item, and as a change to an existing one. */
  inserted: StreamHandlerName[];
  modified: StreamHandlerName[];
}

/** Every kind of item the table holds (the key table in store/keys.ts). */
const SAMPLES: Sample[] = [
  {
    kind: 'notice',
    item: {
      ...noticeKeys.notice(notice.id),
      ...noticeKeys.listing(notice.id),
      ...itemOf(notice),
    },
    inserted: [],
    modified: [],
  },
  { kind: 'notice version draft', item: version(4, {}), inserted: [], modified: [] },
  {
    kind: 'version published minor',
    item: published(2, false),
    before: version(2, {}),
    inserted: [],
    modified: [],
  },
  {
    kind: 'version published material',
    item: published(3, true),
    before: version(3, {}),
    inserted: ['notice-changes'],
    modified: ['notice-changes'],
  },
  {
    kind: 'purpose',
    item: { ...purposeKeys.purpose(purpose.id), ...itemOf(purpose) },
    inserted: [],
    modified: [],
  },
  {
    kind: 'partner',
    item: { ...partnerKeys.partner(partner.id), ...itemOf(partner) },
    inserted: [],
    modified: [],
  },
  {
    kind: 'event',
    item: {
      ...eventKeys.event(event.id),
      ...eventKeys.listing(event.id, event.endsAt),
      ...eventKeys.retention(event.id, event.purgeAt),
      ...itemOf(event),
    },
    inserted: [],
    modified: [],
  },
  { kind: 'email lookup', item: emailLookup, inserted: [], modified: [] },
  { kind: 'profile', item: profile, inserted: [], modified: [] },
  {
    kind: 'registration',
    item: putItem(
      registrationPut(BUILDERS_DB, {
        id: 'registration-1',
        subjectId: SUBJECT,
        eventId: event.id,
        status: 'REGISTERED',
        attendee: { name: 'Someone', email: 'someone@example.org' },
        noticeId: 'site',
        noticeVersion: 3,
        registeredAt: AT,
        cancelledAt: null,
        deidentifiedAt: null,
      }),
    ),
    inserted: [],
    modified: [],
  },
  { kind: 'consent', item: putItem(consent.current), inserted: [], modified: [] },
  {
    kind: 'consent history entry',
    item: putItem(consent.history),
    inserted: [],
    modified: [],
  },
  {
    kind: 'sharing record',
    item: putItem(sharingPut(BUILDERS_DB, { ...sharing, subjectId: SUBJECT })),
    inserted: [],
    modified: [],
  },
  {
    kind: 'aggregated sharing record',
    item: putItem(
      sharingPut(BUILDERS_DB, {
        ...sharing,
        id: 'share-2',
        subjectId: null,
        situation: 'AGGREGATED_STATISTICS',
      }),
    ),
    inserted: [],
    modified: [],
  },
  {
    kind: 'mail delivery PENDING',
    item: delivery('mail-pending', {}),
    inserted: ['outbox'],
    modified: [],
  },
  {
    // Written so by a fan-out step whose own first try failed: the due job makes the next.
    kind: 'mail delivery PENDING after a failed try',
    item: delivery('mail-retried', { attempts: 1, lastError: 'HTTP 500' }),
    before: delivery('mail-retried', {}),
    inserted: [],
    modified: [],
  },
  {
    kind: 'webhook delivery PENDING',
    item: delivery('webhook-pending', {
      channel: 'WEBHOOK',
      to: 'acme',
      topic: 'notice.material_change',
      subjectId: null,
      mail: null,
      webhook: { partnerId: 'acme', occurredAt: AT, data: { noticeId: 'site', version: 3 } },
    }),
    inserted: ['outbox'],
    modified: [],
  },
  {
    kind: 'delivery SENT',
    item: delivery('mail-sent', { status: 'SENT', attempts: 1, sentAt: AT, mail: null }),
    before: delivery('mail-sent', {}),
    inserted: [],
    modified: [],
  },
  {
    kind: 'delivery FAILED',
    item: delivery('mail-failed', {
      status: 'FAILED',
      attempts: 6,
      lastError: 'HTTP 500',
      nextAttemptAt: null,
    }),
    before: delivery('mail-failed', { attempts: 5, lastError: 'HTTP 500' }),
    inserted: [],
    modified: [],
  },
  { kind: 'request', item: request, inserted: [], modified: [] },
  { kind: 'request lookup', item: requestLookup, inserted: [], modified: [] },
  {
    kind: 'export part',
    item: { ...requestKeys.exportPart('request-1', 1), data: '{"profile":{}}' },
    inserted: [],
    modified: [],
  },
  {
    kind: 'notification',
    item: putItem(
      notificationPut(BUILDERS_DB, {
        noticeId: 'site',
        version: 3,
        createdAt: AT,
        effectiveAt: AT,
        changeSummary: null,
        subjectsNotified: 0,
        partnersNotified: 0,
      }),
    ),
    inserted: [],
    modified: [],
  },
  { kind: 'fan-out step', item: fanOutStep(0), inserted: ['notice-changes'], modified: [] },
  {
    kind: 'audit entry',
    item: putItem(
      auditPut(BUILDERS_DB, {
        id: 'audit-1',
        at: AT,
        actor: 'admin',
        role: 'ADMIN',
        action: 'notice.publish',
        entity: 'notice',
        entityId: 'site',
        details: null,
      }),
    ),
    inserted: [],
    modified: [],
  },
];

type StreamImage = NonNullable<DynamoDBRecord['dynamodb']>['NewImage'];

function streamImage(item: Item | undefined): StreamImage {
  // The SDK's attribute values and the Lambda event's are one JSON shape, typed twice.
  return item ? (marshall(item, { removeUndefinedValues: true }) as StreamImage) : undefined;
}

let sequence = 0;

/** A record as Lambda delivers it from a NEW_AND_OLD_IMAGES stream. */
function streamRecord(
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  images: { next?: Item; previous?: Item },
): DynamoDBRecord {
  const item = images.next ?? images.previous ?? {};
  sequence += 1;
  return {
    eventID: `event-${sequence}`,
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    eventSourceARN: 'arn:aws:dynamodb:us-east-1:123456789012:table/privacy-ops/stream/2026',
    dynamodb: {
      ApproximateCreationDateTime: 1_772_442_000,
      Keys: streamImage({ pk: item.pk, sk: item.sk }),
      NewImage: streamImage(images.next),
      OldImage: streamImage(images.previous),
      SequenceNumber: String(sequence).padStart(21, '0'),
      SizeBytes: 512,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

/** Each handler's own check of what it was given. */
const GUARDS: Record<StreamHandlerName, (record: DynamoDBRecord) => boolean> = {
  'notice-changes': (record) => isPublicationRecord(record) || isFanOutStepRecord(record),
  outbox: isNewDelivery,
};

function receivers(record: DynamoDBRecord) {
  return {
    byFilters: STREAM_HANDLER_NAMES.filter((name) => passesFilters(record, STREAM_FILTERS[name])),
    byGuards: STREAM_HANDLER_NAMES.filter((name) => GUARDS[name](record)),
  };
}

describe('which handler each stream record reaches, by the filters and by the guards alike', () => {
  it.each(SAMPLES)('a new $kind reaches $inserted', ({ item, inserted }) => {
    expect(receivers(streamRecord('INSERT', { next: item }))).toEqual({
      byFilters: inserted,
      byGuards: inserted,
    });
  });

  it.each(SAMPLES)('a changed $kind reaches $modified', ({ item, before, modified }) => {
    expect(receivers(streamRecord('MODIFY', { next: item, previous: before ?? item }))).toEqual({
      byFilters: modified,
      byGuards: modified,
    });
  });

  it.each(SAMPLES)('a removed $kind reaches no handler', ({ item }) => {
    expect(receivers(streamRecord('REMOVE', { previous: item }))).toEqual({
      byFilters: [],
      byGuards: [],
    });
  });
});

describe('the matcher, as Lambda event filtering matches', () => {
  const versionKey: FilterPattern = { sk: [{ prefix: 'VERSION#' }] };
  it.each<[string, FilterPattern, unknown, boolean]>([
    ['a string in the list', { state: ['DRAFT', 'PUBLISHED'] }, { state: 'PUBLISHED' }, true],
    ['a string not in the list', { state: ['PUBLISHED'] }, { state: 'DRAFT' }, false],
    ['strings exactly, case and all', { status: ['PENDING'] }, { status: 'pending' }, false],
    ['a prefix', versionKey, { sk: 'VERSION#0000000003' }, true],
    ['a prefix only at the start', versionKey, { sk: 'NOTICE#VERSION#3' }, false],
    ['a prefix against a number', { n: [{ prefix: '1' }] }, { n: 12 }, false],
    ['a boolean', { material: [true] }, { material: true }, true],
    ['a boolean, not its text', { material: [true] }, { material: 'true' }, false],
    ['a field the record lacks', { state: ['PUBLISHED'] }, {}, false],
    ['a nested field', { a: { b: ['x'] } }, { a: { b: 'x', c: 'y' } }, true],
    ['a nested pattern against a plain value', { a: { b: ['x'] } }, { a: 'x' }, false],
    ['every field the pattern names', { a: ['x'], b: ['y'] }, { a: 'x', b: 'z' }, false],
  ])('%s', (_case, pattern, value, matches) => {
    expect(matchesPattern(value, pattern)).toBe(matches);
  });

  it('passes a record that any one of the patterns matches', () => {
    const record = streamRecord('INSERT', { next: fanOutStep(9) });
    expect(passesFilters(record, STREAM_FILTERS['notice-changes'])).toBe(true);
    expect(passesFilters(record, [])).toBe(false);
  });
});

describe('the AWS stack', () => {
  let template: Template;
  beforeAll(() => {
    // Bundling the functions' code is not what this test is about.
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    template = Template.fromStack(
      new PrivacyOpsStack(app, 'PrivacyOps', {
        mailFrom: 'privacy@example.org',
        webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/test/1',
      }),
    );
  });
  const functionIds: Record<StreamHandlerName, string> = {
    'notice-changes': 'NoticeChanges',
    outbox: 'Outbox',
  };

  it.each(STREAM_HANDLER_NAMES)("gives %s's event source mapping the shared filters", (name) => {
    const [logicalId, ...others] = Object.keys(
      template.findResources('AWS::Lambda::Function'),
    ).filter((id) => id.startsWith(functionIds[name]));
    expect(others).toEqual([]);
    const mappings = Object.values(
      template.findResources('AWS::Lambda::EventSourceMapping', {
        Properties: { FunctionName: { Ref: logicalId } },
      }),
    );
    expect(mappings).toHaveLength(1);
    const filters = mappings[0]?.Properties.FilterCriteria.Filters as { Pattern: string }[];
    expect(filters.map((filter) => JSON.parse(filter.Pattern))).toEqual(STREAM_FILTERS[name]);
  });
});

describe('the local stream pump', () => {
  let db: Db;
  let pump: StreamPump;
  const received: Record<StreamHandlerName, string[]> = { 'notice-changes': [], outbox: [] };
  const keyOf = (item: Item) => `${String(item.pk)} ${String(item.sk)}`;
  const recorder =
    (name: StreamHandlerName) =>
    async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
      for (const record of event.Records) {
        const keys = record.dynamodb?.Keys;
        received[name].push(`${keys?.pk?.S} ${keys?.sk?.S}`);
      }
      return { batchItemFailures: [] };
    };

  beforeAll(async () => {
    db = await createTestDb();
    pump = await startStreamPump({
      db,
      endpoint: process.env.TEST_DYNAMODB_ENDPOINT ?? '',
      handlers: { 'notice-changes': recorder('notice-changes'), outbox: recorder('outbox') },
      positionFile: null,
      pollMs: 100,
    });
  });
  afterAll(() => pump.stop());

  it('passes each handler exactly what its event source mapping would, and moves past the rest', async () => {
    const put = (item: Item) => db.doc.send(new PutCommand({ TableName: db.table, Item: item }));
    for (const { item } of SAMPLES) await put(item);
    // A draft published as material; then changes no handler is for: a delivery sent, a
    // fan-out step written again.
    await put(version(5, {}));
    const republished = published(5, true);
    await put(republished);
    await put(delivery('mail-pending', { status: 'SENT', attempts: 1, sentAt: AT }));
    await put(fanOutStep(0));
    // Written last, so that once each handler has its own, it has had the stream before it.
    const lastDelivery = delivery('last', {});
    const lastStep = fanOutStep(1);
    await put(lastDelivery);
    await put(lastStep);
    await eventually(
      async () =>
        received.outbox.includes(keyOf(lastDelivery)) &&
        received['notice-changes'].includes(keyOf(lastStep)),
    );

    const insertedFor = (name: StreamHandlerName) =>
      SAMPLES.filter((sample) => sample.inserted.includes(name)).map((sample) =>
        keyOf(sample.item),
      );
    expect([...received.outbox].sort()).toEqual(
      [...insertedFor('outbox'), keyOf(lastDelivery)].sort(),
    );
    expect([...received['notice-changes']].sort()).toEqual(
      [...insertedFor('notice-changes'), keyOf(republished), keyOf(lastStep)].sort(),
    );
  });
});
