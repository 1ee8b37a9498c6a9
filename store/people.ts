import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet } from './batch';
import type { Db } from './db';
import { PERSON_ITEM, personKeys, withoutKeys, type ItemKey } from './keys';
import { queryAll, queryPage } from './pages';
import type { SubjectRequestRecord } from './requests';
import type { TransactItem } from './transactions';

export interface PersonRecord {
  id: string;
  email: string;
  restricted: boolean;
  createdAt: string;
  restrictedAt?: string;
}

export interface AttendeeRecord {
  name?: string | null;
  email?: string | null;
  country?: string | null;
  organization?: string | null;
  jobTitle?: string | null;
  industry?: string | null;
  postalAddress?: string | null;
  phone?: string | null;
  organizationType?: string | null;
}

export interface RegistrationRecord {
  id: string;
  subjectId: string;
  eventId: string;
  status: 'REGISTERED' | 'CANCELLED' | 'DEIDENTIFIED';
  attendee: AttendeeRecord | null;
  noticeId: string;
  noticeVersion: number;
  registeredAt: string;
  cancelledAt?: string;
  deidentifiedAt?: string;
}

export interface ConsentRecord {
  subjectId: string;
  purposeId: string;
  status: 'GRANTED' | 'WITHDRAWN';
  noticeId: string;
  noticeVersion: number;
  method: string;
  updatedAt: string;
  /** The receipt of the current status; a new status has a new receipt. */
  receiptId: string;
  /** Counts the changes: a write that read an older revision loses. */
  revision: number;
}

export interface ConsentEventRecord {
  subjectId: string;
  purposeId: string;
  status: 'GRANTED' | 'WITHDRAWN';
  at: string;
  noticeId: string;
  noticeVersion: number;
  method: string;
  receiptId: string;
}

/** A data subject request as stored in the person's partition. */
export type RequestRecord = SubjectRequestRecord;

/** Everything held in a person's partition, by kind. */
export interface PersonItems {
  profile: PersonRecord | null;
  registrations: RegistrationRecord[];
  consents: ConsentRecord[];
  consentEvents: ConsentEventRecord[];
  sharing: Record<string, unknown>[];
  requests: RequestRecord[];
  /** The key of every item in the partition, with what it is. */
  keys: ItemKey[];
}

export async function findSubjectId(db: Db, email: string): Promise<string | null> {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: personKeys.email(email), ConsistentRead: true }),
  );
  return typeof Item?.subjectId === 'string' ? Item.subjectId : null;
}

export async function getPeople(db: Db, ids: readonly string[]): Promise<(PersonRecord | null)[]> {
  const items = await batchGet(db, ids.map(personKeys.profile));
  return items.map((item) => (item ? withoutKeys<PersonRecord>(item) : null));
}

/** One Query on the person's key: everything held about them. */
export async function readPerson(db: Db, subjectId: string): Promise<PersonItems> {
  const items = await queryAll(db, { partition: personKeys.partition(subjectId) });
  const result: PersonItems = {
    profile: null,
    registrations: [],
    consents: [],
    consentEvents: [],
    sharing: [],
    requests: [],
    keys: [],
  };
  for (const item of items) {
    const sk = String(item.sk);
    result.keys.push({ pk: String(item.pk), sk });
    const record = withoutKeys<never>(item);
    if (sk === PERSON_ITEM.profile) result.profile = record;
    else if (sk.startsWith(PERSON_ITEM.registration)) result.registrations.push(record);
    else if (sk.startsWith(PERSON_ITEM.consentEvent)) result.consentEvents.push(record);
    else if (sk.startsWith(PERSON_ITEM.consent)) result.consents.push(record);
    else if (sk.startsWith(PERSON_ITEM.sharing)) result.sharing.push(record);
    else if (sk.startsWith(PERSON_ITEM.request)) result.requests.push(record);
  }
  return result;
}

/** A new person and the lookup of their address; the lookup's condition makes it race-safe. */
export function personPuts(db: Db, person: PersonRecord): TransactItem[] {
  return [
    {
      Put: {
        TableName: db.table,
        Item: { ...personKeys.email(person.email), subjectId: person.id },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Put: {
        TableName: db.table,
        Item: { ...personKeys.profile(person.id), ...person },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ];
}

/** The person must still exist: a change to them fails if they were erased meanwhile. */
export function personExists(db: Db, subjectId: string): TransactItem {
  return {
    ConditionCheck: {
      TableName: db.table,
      Key: { pk: personKeys.partition(subjectId), sk: PERSON_ITEM.profile },
      ConditionExpression: 'attribute_exists(pk)',
    },
  };
}

export async function getRegistration(
  db: Db,
  registrationId: string,
): Promise<RegistrationRecord | null> {
  const page = await queryPage(db, personKeys.registrationById(registrationId), { limit: 1 });
  const item = page.items[0];
  return item ? withoutKeys<RegistrationRecord>(item) : null;
}

function registrationItem(registration: RegistrationRecord) {
  return {
    ...personKeys.registration(
      registration.subjectId,
      registration.eventId,
      registration.id,
      registration.registeredAt,
    ),
    ...registration,
  };
}

/**
 * Writes a registration: new, or over a cancelled one for the same event, never
 * over one that is active.
 */
export function registrationPut(db: Db, registration: RegistrationRecord): TransactItem {
  return {
    Put: {
      TableName: db.table,
      Item: registrationItem(registration),
      ConditionExpression: 'attribute_not_exists(pk) OR #status = :cancelled',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':cancelled': 'CANCELLED' },
    },
  };
}

/** Changes a registration that is still in the state `from`. */
export function registrationUpdate(
  db: Db,
  registration: RegistrationRecord,
  from: RegistrationRecord['status'],
): TransactItem {
  return {
    Put: {
      TableName: db.table,
      Item: registrationItem(registration),
      ConditionExpression: '#status = :from AND id = :id',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':from': from, ':id': registration.id },
    },
  };
}

/** The new current status of a consent and its entry in the append-only history. */
export function consentWrites(
  db: Db,
  consent: ConsentRecord,
  event: ConsentEventRecord,
  eventId: string,
): { current: TransactItem; history: TransactItem } {
  return {
    current: {
      Put: {
        TableName: db.table,
        Item: { ...personKeys.consent(consent.subjectId, consent.purposeId), ...consent },
        ConditionExpression:
          consent.revision === 1 ? 'attribute_not_exists(pk)' : 'revision = :previous',
        ExpressionAttributeValues:
          consent.revision === 1 ? undefined : { ':previous': consent.revision - 1 },
      },
    },
    history: {
      Put: {
        TableName: db.table,
        Item: {
          ...personKeys.consentEvent(event.subjectId, event.purposeId, event.at, eventId),
          ...event,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  };
}

export async function getConsent(
  db: Db,
  subjectId: string,
  purposeId: string,
): Promise<ConsentRecord | null> {
  const { Item } = await db.doc.send(
    new GetCommand({
      TableName: db.table,
      Key: personKeys.consent(subjectId, purposeId),
      ConsistentRead: true,
    }),
  );
  return Item ? withoutKeys<ConsentRecord>(Item) : null;
}

/** One consent's history, oldest first. */
export async function consentHistory(
  db: Db,
  subjectId: string,
  purposeId: string,
): Promise<ConsentEventRecord[]> {
  const items = await queryAll(db, {
    partition: personKeys.partition(subjectId),
    sortPrefix: `${PERSON_ITEM.consentEvent}${purposeId}#`,
  });
  return items.map((item) => withoutKeys<ConsentEventRecord>(item));
}

/** The current status of each of a person's consents. */
export async function listConsents(db: Db, subjectId: string): Promise<ConsentRecord[]> {
  const items = await queryAll(db, {
    partition: personKeys.partition(subjectId),
    sortPrefix: PERSON_ITEM.consent,
  });
  return items.map((item) => withoutKeys<ConsentRecord>(item));
}

/** The person's profile as it now stands, provided they still exist. */
export function profilePut(db: Db, person: PersonRecord): TransactItem {
  return {
    Put: {
      TableName: db.table,
      Item: { ...personKeys.profile(person.id), ...person },
      ConditionExpression: 'attribute_exists(pk)',
    },
  };
}

/** Moves the person to another address: the old lookup goes, the new one must be free. */
export function emailChange(db: Db, subjectId: string, from: string, to: string): TransactItem[] {
  return [
    {
      Delete: {
        TableName: db.table,
        Key: personKeys.email(from),
        ConditionExpression: 'subjectId = :subject',
        ExpressionAttributeValues: { ':subject': subjectId },
      },
    },
    {
      Put: {
        TableName: db.table,
        Item: { ...personKeys.email(to), subjectId },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ];
}
