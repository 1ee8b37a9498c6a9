/**
 * The single table's key design. Every item has `pk`/`sk`; items that a query
 * must find by something other than their own key carry `gsiNpk`/`gsiNsk`.
 *
 * | item            | pk                          | sk                  | gsi1 (pk / sk)          | gsi2 (pk / sk)              |
 * | --------------- | --------------------------- | ------------------- | ----------------------- | --------------------------- |
 * | notice          | NOTICE#<id>                 | NOTICE              | NOTICES / <id>          |                             |
 * | notice version  | NOTICE#<id>                 | VERSION#<number:10> |                         |                             |
 * | translation     | NOTICE#<id>                 | TRANSLATION#<number:10>#<language> |          |                             |
 * | purpose         | PURPOSES                    | PURPOSE#<id>        |                         |                             |
 * | audit entry     | AUDIT#<entity>#<entityId>   | <at>#<id>           | AUDIT#<s> / <at>#<id>   | AUDIT#<entity>#<s> / <at>#<id> |
 * | partner         | PARTNERS                    | PARTNER#<id>        |                         |                             |
 * | partner client  | CLIENT#<appClientId>        | CLIENT              |                         |                             |
 * | event           | EVENT#<id>                  | EVENT               | EVENTS / <endsAt>#<id>  | RETENTION / <purgeAt>#<id>  |
 * | email lookup    | EMAIL#<email>               | EMAIL               |                         |                             |
 * | person          | SUBJECT#<id>                | PROFILE             |                         |                             |
 * | registration    | SUBJECT#<id>                | REG#<eventId>       | EVENT#<eventId>#REGS#<s> / <registeredAt>#<id> | REGISTRATION#<id> / REGISTRATION |
 * | consent         | SUBJECT#<id>                | CONSENT#<purposeId> |                         |                             |

 * | consent history | SUBJECT#<id>                | CONSENTLOG#<purposeId>#<at>#<id> |            |                             |
 * | separate consent | SUBJECT#<id>               | SEPARATE#<partnerId>#<scope> |                |                             |
 * | separate consent history | SUBJECT#<id>       | SEPARATELOG#<partnerId>#<scope>#<at>#<id> |   |                             |
 * | impact assessment | ASSESSMENTS               | <partnerId>#<conductedAt>#<id> |              |                             |
 * | sharing record  | SUBJECT#<id> (SHARE#<id> when aggregated) | SHARE#<sharedAt>#<id> | PARTNER#<id>#SHARES#<s> / <sharedAt>#<id> | SHARES#<s> / <sharedAt>#<id> |
 *
 * | delivery        | SUBJECT#<id> (DELIVERY#<id> for partners) | DELIVERY#<id> | DELIVERIES#<s> / <createdAt>#<id> | DELIVERIES#<status>#<s> / <createdAt>#<id> |
 * | request         | SUBJECT#<id>                | REQUEST#<id>        | REQUESTS#<status>#<s> / <dueAt>#<id> | REQUESTS#ACTIVE#<s> / <dueAt>#<id> (open only) |
 * | notification    | NOTICE#<id>                 | NOTIFICATION#<version:10> |                   |                             |
 * | people told     | NOTICE#<id>                 | NOTIFICATION#<version:10>#TOLD#<s> |          |                             |
 * | fan-out step    | FANOUT#<noticeId>#<version>#<s> | STEP#<n:6>      |                         |                             |
 * | request lookup  | REQUEST#<id>                | REQUEST             | UNVERIFIED#<s> / <expiresAt>#<id> (unverified only) |  |
 * | request export  | EXPORT#<requestId>          | PART#<n:6>          |                         |                             |
 * | current request | REQUESTS#<sha256 of address> | TYPE#<type>        |                         |                             |
 * | mails to one address | MAILS#<sha256 of address> | MAILS            |                         |                             |
 * | sign-in code    | SIGNIN#<sha256 of address>  | SIGNIN              |                         |                             |
 *
 * Items that count as gone at a set time carry it in the TTL attribute `ttl`
 * (epoch seconds), so that DynamoDB deletes them on AWS: an unverified
 * request, its lookup and its verification mail (reads leave the request out
 * from then on, and the scheduled job deletes all three everywhere), the
 * count of mails to one address, and a sign-in code with its mail (a used
 * or replaced code goes at once, with its mail). An unverified request
 * waits in a partition SUBJECT#<id> of its own, which no person record shares.
 * The current request names the latest request of a type from an address,
 * so that a new one finds it by key: a duplicate of an open one, or an
 * unverified one it replaces. While that request is unverified it expires
 * with it; once the request is closed it names a closed request, which
 * stands in the way of nothing.
 *
 * gsi3 lists a notice's audience for the notification fan-out: consents
 * while GRANTED and registrations while REGISTERED, under the notice they were
 * given under (NOTICE#<noticeId>#AUDIENCE#<s> / <subjectId>#<sk>, the shard
 * the person's); all requests by due date (REQUESTS#ALL#<s> / <dueAt>#<id>);
 * and deliveries while they wait: a PENDING one by when its next try is due
 * (DELIVERIES#DUE#<s> / <nextAttemptAt>#<id>, read by the due job), a FAILED
 * one under its id (DELIVERY#<id> / FAILED, found so by `redeliver`); a SENT
 * one is not there.
 * `<s>` is a shard, `00` to `15`: a listing that takes every write of its kind
 * is spread over SHARDS index partitions, each item in the one its id hashes
 * to, since one partition takes about 1,000 writes/s (docs/scaling.md).
 * store/pages.ts reads the shards in parallel and merges them in order; a
 * fan-out runs one chain of steps per audience shard.
 * Everything held about one person lives in the partition SUBJECT#<id>: one
 * Query reads it all, and an export or erasure costs what the person has.
 * An event stays in RETENTION until its registrations are de-identified.
 */
import { createHash } from 'node:crypto';
import {
  assertNever,
  type DeliveryStatus,
  type RequestStatus,
  type SeparateConsentScope,
} from '../domain/constants';

export const KEY = { pk: 'pk', sk: 'sk' } as const;

/** The table's TimeToLiveSpecification attribute: epoch seconds, the same name on every item. */
export const TTL_ATTRIBUTE = 'ttl';

export const INDEXES = [
  { name: 'gsi1', pk: 'gsi1pk', sk: 'gsi1sk' },
  { name: 'gsi2', pk: 'gsi2pk', sk: 'gsi2sk' },
  { name: 'gsi3', pk: 'gsi3pk', sk: 'gsi3sk' },
] as const;

export type IndexName = (typeof INDEXES)[number]['name'];

export interface ItemKey {
  pk: string;
  sk: string;
}

/** Index partitions per sharded listing: 16 take 16,000 writes/s (docs/scaling.md). */
const SHARDS = 16;

/** A listing spread over the index partitions `<partition>#00` to `<partition>#<shards - 1>`. */
interface ShardedListing {
  index: IndexName;
  partition: string;
  shards: number;
}

function sharded(index: IndexName, partition: string): ShardedListing {
  return { index, partition, shards: SHARDS };
}

export function shardPartition(partition: string, shard: number): string {
  return `${partition}#${String(shard).padStart(2, '0')}`;
}

/** The shard an id belongs to: a hash, so the same in every process and every release. */
function shardOf(id: string, shards: number): number {
  return createHash('sha256').update(id).digest().readUInt32BE(0) % shards;
}

/** The index partition of the listing's shard that an item with this id goes to. */
function partitionOf(listing: ShardedListing, id: string): string {
  return shardPartition(listing.partition, shardOf(id, listing.shards));
}

const VERSION_DIGITS = 10;
const VERSION_PREFIX = 'VERSION#';
const versionDigits = (number: number) => String(number).padStart(VERSION_DIGITS, '0');
/** Not under VERSION#: a listing of versions never meets a translation. */
const translationPrefix = (number: number) => `TRANSLATION#${versionDigits(number)}#`;

/**
 * The `kind` an item carries when the stream handlers must recognise it by
 * more than its key (lambdas/stream-filters.ts filters on it).
 */
export const ITEM_KIND = { delivery: 'delivery', fanOutStep: 'fanout' } as const;

export const noticeKeys = {
  notice: (noticeId: string): ItemKey => ({ pk: `NOTICE#${noticeId}`, sk: 'NOTICE' }),
  listing: (noticeId: string) => ({ gsi1pk: 'NOTICES', gsi1sk: noticeId }),
  all: { index: 'gsi1' as const, partition: 'NOTICES' },
  version: (noticeId: string, number: number): ItemKey => ({
    pk: `NOTICE#${noticeId}`,
    sk: `${VERSION_PREFIX}${versionDigits(number)}`,
  }),
  versionPrefix: VERSION_PREFIX,
  /** A version's text in another language than its own. */
  translation: (noticeId: string, number: number, language: string): ItemKey => ({
    pk: `NOTICE#${noticeId}`,
    sk: `${translationPrefix(number)}${language}`,
  }),
  translationPrefix,
};

export const purposeKeys = {
  partition: 'PURPOSES',
  purpose: (purposeId: string): ItemKey => ({ pk: 'PURPOSES', sk: `PURPOSE#${purposeId}` }),
};

export const partnerKeys = {
  partition: 'PARTNERS',
  partner: (partnerId: string): ItemKey => ({ pk: 'PARTNERS', sk: `PARTNER#${partnerId}` }),
  /** Which partner a Cognito app client signs in for: one GetItem per partner system's request. */
  client: (clientId: string): ItemKey => ({ pk: `CLIENT#${clientId}`, sk: 'CLIENT' }),
};

export const eventKeys = {
  event: (eventId: string): ItemKey => ({ pk: `EVENT#${eventId}`, sk: 'EVENT' }),
  listing: (eventId: string, endsAt: string) => ({
    gsi1pk: 'EVENTS',
    gsi1sk: `${endsAt}#${eventId}`,
  }),
  all: { index: 'gsi1' as const, partition: 'EVENTS' },
  retention: (eventId: string, purgeAt: string) => ({
    gsi2pk: 'RETENTION',
    gsi2sk: `${purgeAt}#${eventId}`,
  }),
  due: { index: 'gsi2' as const, partition: 'RETENTION' },
  registrations: (eventId: string) => sharded('gsi1', `EVENT#${eventId}#REGS`),
};

/**
 * Who is to hear of a material change of a notice: the consents granted and
 * registrations made under it, sharded by person so that one shard holds all
 * of a person's ties, in person order.
 */
const noticeAudience = (noticeId: string) => sharded('gsi3', `NOTICE#${noticeId}#AUDIENCE`);

export const personKeys = {
  partition: (subjectId: string) => `SUBJECT#${subjectId}`,
  email: (email: string): ItemKey => ({ pk: `EMAIL#${email}`, sk: 'EMAIL' }),
  profile: (subjectId: string): ItemKey => ({ pk: `SUBJECT#${subjectId}`, sk: 'PROFILE' }),
  /** The index keys that put a consent or registration among the notice's audience. */
  audience: (noticeId: string, key: ItemKey & { subjectId: string }) => ({
    gsi3pk: partitionOf(noticeAudience(noticeId), key.subjectId),
    gsi3sk: `${key.subjectId}#${key.sk}`,
  }),
  audienceShard: (noticeId: string, shard: number) => ({
    index: 'gsi3' as const,
    partition: shardPartition(noticeAudience(noticeId).partition, shard),
  }),
  registration: (
    subjectId: string,
    eventId: string,
    registrationId: string,
    registeredAt: string,
  ) => ({
    pk: `SUBJECT#${subjectId}`,
    sk: `REG#${eventId}`,
    gsi1pk: partitionOf(eventKeys.registrations(eventId), registrationId),
    gsi1sk: `${registeredAt}#${registrationId}`,
    gsi2pk: `REGISTRATION#${registrationId}`,
    gsi2sk: 'REGISTRATION',
  }),
  registrationById: (registrationId: string) => ({
    index: 'gsi2' as const,
    partition: `REGISTRATION#${registrationId}`,
  }),
  consent: (subjectId: string, purposeId: string): ItemKey => ({
    pk: `SUBJECT#${subjectId}`,
    sk: `CONSENT#${purposeId}`,
  }),
  consentHistory: (subjectId: string, purposeId: string, at: string, id: string): ItemKey => ({
    pk: `SUBJECT#${subjectId}`,
    sk: `CONSENTLOG#${purposeId}#${at}#${id}`,
  }),
  separateConsent: (
    subjectId: string,
    partnerId: string,
    scope: SeparateConsentScope,
  ): ItemKey => ({
    pk: `SUBJECT#${subjectId}`,
    sk: `SEPARATE#${partnerId}#${scope}`,
  }),
  separateConsentHistory: (
    subjectId: string,
    partnerId: string,
    scope: SeparateConsentScope,
    at: string,
    id: string,
  ): ItemKey => ({
    pk: `SUBJECT#${subjectId}`,
    sk: `SEPARATELOG#${partnerId}#${scope}#${at}#${id}`,
  }),
};

/** The sort-key prefixes of what a person's partition holds. */
export const PERSON_ITEM = {
  profile: 'PROFILE',
  registration: 'REG#',
  consent: 'CONSENT#',
  consentHistory: 'CONSENTLOG#',
  separateConsent: 'SEPARATE#',
  separateConsentHistory: 'SEPARATELOG#',
  sharing: 'SHARE#',
  request: 'REQUEST#',
  delivery: 'DELIVERY#',
} as const;

/**
 * PIPL impact assessments, all in one partition: an admin records a few per
 * partner a year and partners are counted in dozens, so the partition stays
 * far below one partition's 1,000 writes/s and 10 GB, and the register reads
 * them all with one Query. Outside every person's partition and without a
 * TTL: neither erasure nor retention reaches them (kept at least 3 years,
 * PIPL Art. 56).
 */
export const assessmentKeys = {
  partition: 'ASSESSMENTS',
  assessment: (partnerId: string, conductedAt: string, id: string): ItemKey => ({
    pk: 'ASSESSMENTS',
    sk: `${partnerId}#${conductedAt}#${id}`,
  }),
  /** Partner ids hold no '#', so one partner's sort keys share this prefix alone. */
  partnerPrefix: (partnerId: string) => `${partnerId}#`,
};

const ALL_SHARING = sharded('gsi2', 'SHARES');
const partnerSharing = (partnerId: string) => sharded('gsi1', `PARTNER#${partnerId}#SHARES`);

export const sharingKeys = {
  record: (subjectId: string | null, partnerId: string, sharedAt: string, id: string) => ({
    pk: subjectId ? `SUBJECT#${subjectId}` : `SHARE#${id}`,
    sk: `SHARE#${sharedAt}#${id}`,
    gsi1pk: partitionOf(partnerSharing(partnerId), id),
    gsi1sk: `${sharedAt}#${id}`,
    gsi2pk: partitionOf(ALL_SHARING, id),
    gsi2sk: `${sharedAt}#${id}`,
  }),
  byPartner: partnerSharing,
  all: ALL_SHARING,
};

const ALL_DELIVERIES = sharded('gsi1', 'DELIVERIES');
const deliveriesByStatus = (status: DeliveryStatus) => sharded('gsi2', `DELIVERIES#${status}`);
const DUE_DELIVERIES = sharded('gsi3', 'DELIVERIES#DUE');
const FAILED_DELIVERY_SORT = 'FAILED';

/** What places a delivery in gsi3: set as listed, removed when null. */
export interface WaitingKeys {
  gsi3pk: string | null;
  gsi3sk: string | null;
}

export const deliveryKeys = {
  /** A person's mail lives in their partition, so that erasing them erases it too. */
  delivery: (id: string, subjectId: string | null): ItemKey => ({
    pk: subjectId ? `SUBJECT#${subjectId}` : `DELIVERY#${id}`,
    sk: `DELIVERY#${id}`,
  }),
  indexes: (id: string, status: DeliveryStatus, createdAt: string) => ({
    gsi1pk: partitionOf(ALL_DELIVERIES, id),
    gsi1sk: `${createdAt}#${id}`,
    gsi2pk: partitionOf(deliveriesByStatus(status), id),
    gsi2sk: `${createdAt}#${id}`,
  }),
  /** Where a delivery stands in the listing of its status. */
  statusPartition: (id: string, status: DeliveryStatus) =>
    partitionOf(deliveriesByStatus(status), id),
  /** Where a delivery waits: PENDING ones by when they are due, a FAILED one by its id. */
  waiting(id: string, status: DeliveryStatus, nextAttemptAt: string | null): WaitingKeys {
    switch (status) {
      case 'PENDING':
        return { gsi3pk: partitionOf(DUE_DELIVERIES, id), gsi3sk: `${nextAttemptAt}#${id}` };
      case 'FAILED':
        return { gsi3pk: `DELIVERY#${id}`, gsi3sk: FAILED_DELIVERY_SORT };
      case 'SENT':
        return { gsi3pk: null, gsi3sk: null };
      default:
        return assertNever(status);
    }
  },
  all: ALL_DELIVERIES,
  byStatus: deliveriesByStatus,
  due: DUE_DELIVERIES,
  /** The FAILED delivery of this id, if there is one. */
  failed: (id: string) => ({
    index: 'gsi3' as const,
    partition: `DELIVERY#${id}`,
    sortPrefix: FAILED_DELIVERY_SORT,
  }),
};

const requestsByStatus = (status: RequestStatus) => sharded('gsi1', `REQUESTS#${status}`);
const ACTIVE_REQUESTS = sharded('gsi2', 'REQUESTS#ACTIVE');
const ALL_REQUESTS = sharded('gsi3', 'REQUESTS#ALL');
const UNVERIFIED_REQUESTS = sharded('gsi1', 'UNVERIFIED');

export const requestKeys = {
  request: (subjectId: string, requestId: string): ItemKey => ({
    pk: `SUBJECT#${subjectId}`,
    sk: `REQUEST#${requestId}`,
  }),
  lookup: (requestId: string): ItemKey => ({ pk: `REQUEST#${requestId}`, sk: 'REQUEST' }),
  /** The index keys that list an unverified request's lookup by when it expires. */
  unverified: (requestId: string, expiresAt: string) => ({
    gsi1pk: partitionOf(UNVERIFIED_REQUESTS, requestId),
    gsi1sk: `${expiresAt}#${requestId}`,
  }),
  allUnverified: UNVERIFIED_REQUESTS,
  /** The queues a request stands in: by status, open ones, all; each by due date. */
  queues: (requestId: string, status: RequestStatus, dueAt: string, active: boolean) => ({
    gsi1pk: partitionOf(requestsByStatus(status), requestId),
    gsi1sk: `${dueAt}#${requestId}`,
    ...(active
      ? { gsi2pk: partitionOf(ACTIVE_REQUESTS, requestId), gsi2sk: `${dueAt}#${requestId}` }
      : {}),
    gsi3pk: partitionOf(ALL_REQUESTS, requestId),
    gsi3sk: `${dueAt}#${requestId}`,
  }),
  byStatus: requestsByStatus,
  active: ACTIVE_REQUESTS,
  all: ALL_REQUESTS,
  exportPart: (requestId: string, part: number): ItemKey => ({
    pk: `EXPORT#${requestId}`,
    sk: `PART#${String(part).padStart(6, '0')}`,
  }),
  exportPartition: (requestId: string) => `EXPORT#${requestId}`,
  /** The latest request of a type from an address. */
  current: (address: string, type: string): ItemKey => ({
    pk: `REQUESTS#${addressHash(address)}`,
    sk: `TYPE#${type}`,
  }),
};

export const notificationKeys = {
  notification: (noticeId: string, version: number): ItemKey => ({
    pk: `NOTICE#${noticeId}`,
    sk: `NOTIFICATION#${String(version).padStart(VERSION_DIGITS, '0')}`,
  }),
  prefix: 'NOTIFICATION#',
  /** A notification's count of the people one shard's chain of steps has told. */
  told: (noticeId: string, version: number, shard: number): ItemKey => ({
    pk: `NOTICE#${noticeId}`,
    sk: `NOTIFICATION#${String(version).padStart(VERSION_DIGITS, '0')}#TOLD#${String(shard).padStart(2, '0')}`,
  }),
  /** Each shard's chain of steps has a key of its own, so chains spread over stream shards. */
  step: (noticeId: string, version: number, shard: number, step: number): ItemKey => ({
    pk: shardPartition(`FANOUT#${noticeId}#${version}`, shard),
    sk: `STEP#${String(step).padStart(6, '0')}`,
  }),
  /** The audience shards of a notice: a fan-out runs one chain of steps through each. */
  shards: SHARDS,
};

const ALL_AUDIT = sharded('gsi1', 'AUDIT');
const auditByEntity = (entity: string) => sharded('gsi2', `AUDIT#${entity}`);

export const auditKeys = {
  entry: (entity: string, entityId: string, at: string, id: string) => ({
    pk: `AUDIT#${entity}#${entityId}`,
    sk: `${at}#${id}`,
    gsi1pk: partitionOf(ALL_AUDIT, id),
    gsi1sk: `${at}#${id}`,
    gsi2pk: partitionOf(auditByEntity(entity), id),
    gsi2sk: `${at}#${id}`,
  }),
  all: ALL_AUDIT,
  byEntity: auditByEntity,
  byEntityId: (entity: string, entityId: string) => `AUDIT#${entity}#${entityId}`,
};

/** An address as a key shows it: a hash, so that the key never shows the address. */
function addressHash(address: string): string {
  return createHash('sha256').update(address).digest('hex');
}

export const mailLimitKeys = {
  /** One address's recent mails. */
  address: (address: string): ItemKey => ({ pk: `MAILS#${addressHash(address)}`, sk: 'MAILS' }),
};

export const signInKeys = {
  /** The sign-in code last mailed to an address: one at a time. */
  code: (address: string): ItemKey => ({ pk: `SIGNIN#${addressHash(address)}`, sk: 'SIGNIN' }),
};

const KEY_ATTRIBUTES = new Set<string>([
  KEY.pk,
  KEY.sk,
  TTL_ATTRIBUTE,
  ...INDEXES.flatMap((index) => [index.pk, index.sk]),
]);

/** The stored record without the table's key attributes and its time to live. */
export function withoutKeys<T>(item: Record<string, unknown>): T {
  return Object.fromEntries(
    Object.entries(item).filter(([name]) => !KEY_ATTRIBUTES.has(name)),
  ) as T;
}
