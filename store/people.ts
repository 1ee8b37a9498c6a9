import type { SubjectRequest } from '../domain/requests/types';
import type {
  Consent,
  ConsentHistoryEntry,
  Person,
  Registration,
  SharingRecord,
} from '../domain/types';
import { batchGet, deleteItems } from './batch';
import type { Db } from './db';
import { entityOf, getItem, itemOf, type Item } from './items';
import { PERSON_ITEM, personKeys, requestKeys, type ItemKey } from './keys';
import { queryAll, queryPage } from './pages';
import { requestOf } from './requests';
import { SHARING_NULLABLE, sharingDetach } from './sharing';
import { transact, type TransactItem } from './transactions';

const PERSON_NULLABLE = ['restrictedAt', 'objectedToDirectMarketingAt'] as const;
export const REGISTRATION_NULLABLE = ['attendee', 'cancelledAt', 'deidentifiedAt'] as const;

/** Everything held in a person's partition, by kind. */
export interface PersonItems {
  profile: Person | null;
  registrations: Registration[];
  consents: Consent[];
  consentHistory: ConsentHistoryEntry[];
  sharing: SharingRecord[];
  requests: SubjectRequest[];
  /** The key of every item in the partition. */
  keys: ItemKey[];
}

/** An entity as stored before fields with a default were added: each may be missing. */
type Stored<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

/** A person stored before marketing consents were counted has none counted. */
function personOf(item: Item): Person {
  const { marketingConsentsGranted = 0, ...person } = entityOf<
    Stored<Person, 'marketingConsentsGranted'>
  >(item, PERSON_NULLABLE);
  return { ...person, marketingConsentsGranted };
}

/** Consents and history entries stored before GPC confirmations were recorded read as unconfirmed. */
function consentOf(item: Item): Consent {
  const { confirmedDespiteSignal = false, ...consent } =
    entityOf<Stored<Consent, 'confirmedDespiteSignal'>>(item);
  return { ...consent, confirmedDespiteSignal };
}

function consentEntryOf(item: Item): ConsentHistoryEntry {
  const { confirmedDespiteSignal = false, ...entry } = entityOf<
    Stored<ConsentHistoryEntry, 'confirmedDespiteSignal'>
  >(item, ['requestedStatus']);
  return { ...entry, confirmedDespiteSignal };
}

export async function findSubjectId(db: Db, email: string): Promise<string | null> {
  const item = await getItem(db, personKeys.email(email));
  return typeof item?.subjectId === 'string' ? item.subjectId : null;
}

export async function getPeople(db: Db, ids: readonly string[]): Promise<(Person | null)[]> {
  const items = await batchGet(db, ids.map(personKeys.profile));
  return items.map((item) => item && personOf(item));
}

/** The person's profile, read consistently. */
export async function getPerson(db: Db, subjectId: string): Promise<Person | null> {
  const item = await getItem(db, personKeys.profile(subjectId));
  return item && personOf(item);
}

/** One Query on the person's key: everything held about them. */
export async function readPerson(db: Db, subjectId: string): Promise<PersonItems> {
  const items = await queryAll(db, { partition: personKeys.partition(subjectId) });
  const result: PersonItems = {
    profile: null,
    registrations: [],
    consents: [],
    consentHistory: [],
    sharing: [],
    requests: [],
    keys: [],
  };
  for (const item of items) {
    const sk = String(item.sk);
    result.keys.push({ pk: String(item.pk), sk });
    if (sk === PERSON_ITEM.profile) result.profile = personOf(item);
    else if (sk.startsWith(PERSON_ITEM.registration))
      result.registrations.push(entityOf<Registration>(item, REGISTRATION_NULLABLE));
    else if (sk.startsWith(PERSON_ITEM.consentHistory))
      result.consentHistory.push(consentEntryOf(item));
    else if (sk.startsWith(PERSON_ITEM.consent)) result.consents.push(consentOf(item));
    else if (sk.startsWith(PERSON_ITEM.sharing))
      result.sharing.push(entityOf<SharingRecord>(item, SHARING_NULLABLE));
    else if (sk.startsWith(PERSON_ITEM.request)) result.requests.push(requestOf(item));
  }
  return result;
}

/** A new person and the lookup of their address; the lookup's condition makes it race-safe. */
export function personPuts(db: Db, person: Person): TransactItem[] {
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
        Item: { ...personKeys.profile(person.id), ...itemOf(person) },
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

/**
 * What consent decisions read of the person (restriction, objection to direct
 * marketing) must still be as read when the decision is written.
 */
function asRead(person: Person) {
  return {
    ConditionExpression:
      'attribute_exists(pk) AND restricted = :restricted AND ' +
      (person.objectedToDirectMarketingAt === null
        ? 'attribute_not_exists(objectedToDirectMarketingAt)'
        : 'objectedToDirectMarketingAt = :objected'),
    ExpressionAttributeValues: {
      ':restricted': person.restricted,
      ...(person.objectedToDirectMarketingAt === null
        ? {}
        : { ':objected': person.objectedToDirectMarketingAt }),
    },
  };
}

/** The person must still exist, and be as read: restricted or not, objecting or not. */
export function personAsRead(db: Db, person: Person): TransactItem {
  return {
    ConditionCheck: {
      TableName: db.table,
      Key: personKeys.profile(person.id),
      ...asRead(person),
    },
  };
}

/**
 * A marketing consent granted to the person as read: counted, so that an
 * objection decided meanwhile is decided again, and when it is the person's
 * own, lifting their objection to direct marketing.
 */
export function marketingConsentCount(
  db: Db,
  person: Person,
  liftObjection: boolean,
): TransactItem {
  const { ConditionExpression, ExpressionAttributeValues } = asRead(person);
  return {
    Update: {
      TableName: db.table,
      Key: personKeys.profile(person.id),
      UpdateExpression:
        'SET marketingConsentsGranted = if_not_exists(marketingConsentsGranted, :zero) + :one' +
        (liftObjection ? ' REMOVE objectedToDirectMarketingAt' : ''),
      ConditionExpression,
      ExpressionAttributeValues: { ...ExpressionAttributeValues, ':zero': 0, ':one': 1 },
    },
  };
}

/**
 * Marks the person as objecting to direct marketing, provided no marketing
 * consent was granted since `person` was read; an earlier objection keeps its date.
 */
export function directMarketingObjection(db: Db, person: Person, at: string): TransactItem {
  return {
    Update: {
      TableName: db.table,
      Key: personKeys.profile(person.id),
      UpdateExpression:
        'SET objectedToDirectMarketingAt = if_not_exists(objectedToDirectMarketingAt, :at)',
      ConditionExpression:
        person.marketingConsentsGranted === 0
          ? 'attribute_exists(pk) AND (attribute_not_exists(marketingConsentsGranted) OR marketingConsentsGranted = :granted)'
          : 'attribute_exists(pk) AND marketingConsentsGranted = :granted',
      ExpressionAttributeValues: { ':at': at, ':granted': person.marketingConsentsGranted },
    },
  };
}

/** Marks the person's processing as restricted, touching nothing else of the profile. */
export function restriction(db: Db, subjectId: string, at: string): TransactItem {
  return {
    Update: {
      TableName: db.table,
      Key: personKeys.profile(subjectId),
      UpdateExpression:
        'SET restricted = :restricted, restrictedAt = if_not_exists(restrictedAt, :at)',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':restricted': true, ':at': at },
    },
  };
}

export async function getRegistration(
  db: Db,
  registrationId: string,
): Promise<Registration | null> {
  const page = await queryPage(db, personKeys.registrationById(registrationId), { limit: 1 });
  const item = page.items[0];
  return item ? entityOf<Registration>(item, REGISTRATION_NULLABLE) : null;
}

function registrationItem(registration: Registration): Item {
  const keys = personKeys.registration(
    registration.subjectId,
    registration.eventId,
    registration.id,
    registration.registeredAt,
  );
  return {
    ...keys,
    // Registered, the person hears of material changes of the notice it was made under.
    ...(registration.status === 'REGISTERED'
      ? personKeys.audience(registration.noticeId, { ...keys, subjectId: registration.subjectId })
      : {}),
    ...itemOf(registration),
  };
}

function consentItem(consent: Consent): Item {
  const key = personKeys.consent(consent.subjectId, consent.purposeId);
  return {
    ...key,
    // Granted, the person hears of material changes of the notice it was given under.
    ...(consent.status === 'GRANTED'
      ? personKeys.audience(consent.noticeId, { ...key, subjectId: consent.subjectId })
      : {}),
    ...itemOf(consent),
  };
}

/**
 * Writes a registration: new, or over a cancelled one for the same event, never
 * over one that is active.
 */
export function registrationPut(db: Db, registration: Registration): TransactItem {
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
  registration: Registration,
  from: Registration['status'],
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
  consent: Consent,
  entry: ConsentHistoryEntry,
  entryId: string,
): { current: TransactItem; history: TransactItem } {
  return {
    current: {
      Put: {
        TableName: db.table,
        Item: consentItem(consent),
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
          ...personKeys.consentHistory(entry.subjectId, entry.purposeId, entry.at, entryId),
          ...itemOf(entry),
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
): Promise<Consent | null> {
  const item = await getItem(db, personKeys.consent(subjectId, purposeId));
  return item && consentOf(item);
}

/** One consent's history, oldest first. */
export async function consentHistory(
  db: Db,
  subjectId: string,
  purposeId: string,
): Promise<ConsentHistoryEntry[]> {
  const items = await queryAll(db, {
    partition: personKeys.partition(subjectId),
    sortPrefix: `${PERSON_ITEM.consentHistory}${purposeId}#`,
  });
  return items.map(consentEntryOf);
}

/** The current status of each of a person's consents. */
export async function listConsents(db: Db, subjectId: string): Promise<Consent[]> {
  const items = await queryAll(db, {
    partition: personKeys.partition(subjectId),
    sortPrefix: PERSON_ITEM.consent,
  });
  return items.map(consentOf);
}

/** The person's profile as it now stands, provided they still exist. */
export function profilePut(db: Db, person: Person): TransactItem {
  return {
    Put: {
      TableName: db.table,
      Item: { ...personKeys.profile(person.id), ...itemOf(person) },
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

/**
 * Erases everything held about the person but one request's own record.
 * Sharing records keep the fact of the disclosure without the person; earlier
 * requests go with their lookups and exports. Each step can run again: an
 * erasure that died half-way is finished by the next.
 */
export async function erasePerson(
  db: Db,
  person: PersonItems,
  keepRequest: { subjectId: string; id: string },
): Promise<void> {
  for (const record of person.sharing) await transact(db, sharingDetach(db, record));
  const kept = requestKeys.request(keepRequest.subjectId, keepRequest.id);
  const earlier = person.requests.filter((request) => request.id !== keepRequest.id);
  const exportParts = await Promise.all(
    earlier.map((request) => queryAll(db, { partition: requestKeys.exportPartition(request.id) })),
  );
  await deleteItems(db, [
    ...person.keys.filter((key) => key.sk !== kept.sk && !key.sk.startsWith(PERSON_ITEM.sharing)),
    ...(person.profile ? [personKeys.email(person.profile.email)] : []),
    ...earlier.map((request) => requestKeys.lookup(request.id)),
    ...exportParts.flat().map((item) => ({ pk: String(item.pk), sk: String(item.sk) })),
  ]);
}
