/**
 * The single table's key design. Every item has `pk`/`sk`; items that a query
 * must find by something other than their own key carry `gsiNpk`/`gsiNsk`.
 *
 * | item            | pk                          | sk                  | gsi1 (pk / sk)          | gsi2 (pk / sk)              |
 * | --------------- | --------------------------- | ------------------- | ----------------------- | --------------------------- |
 * | notice          | NOTICE#<id>                 | NOTICE              | NOTICES / <id>          |                             |
 * | notice version  | NOTICE#<id>                 | VERSION#<number:10> |                         |                             |
 * | purpose         | PURPOSES                    | PURPOSE#<id>        |                         |                             |
 * | audit entry     | AUDIT#<entity>#<entityId>   | <at>#<id>           | AUDIT / <at>#<id>       | AUDIT#<entity> / <at>#<id>  |
 * | partner         | PARTNERS                    | PARTNER#<id>        |                         |                             |
 * | event           | EVENT#<id>                  | EVENT               | EVENTS / <endsAt>#<id>  | RETENTION / <purgeAt>#<id>  |
 * | email lookup    | EMAIL#<email>               | EMAIL               |                         |                             |
 * | person          | SUBJECT#<id>                | PROFILE             |                         |                             |
 * | registration    | SUBJECT#<id>                | REG#<eventId>       | EVENT#<eventId>#REGS / <registeredAt>#<id> | REGISTRATION#<id> / REGISTRATION |
 * | consent         | SUBJECT#<id>                | CONSENT#<purposeId> |                         |                             |
 * | consent history | SUBJECT#<id>                | CONSENTLOG#<purposeId>#<at>#<id> |            |                             |
 * | sharing record  | SUBJECT#<id> (SHARE#<id> when aggregated) | SHARE#<sharedAt>#<id> | PARTNER#<id>#SHARES / <sharedAt>#<id> | SHARES / <sharedAt>#<id> |
 *
 * | delivery        | SUBJECT#<id> (DELIVERY#<id> for partners) | DELIVERY#<id> | DELIVERIES / <createdAt>#<id> | DELIVERIES#<status> / <createdAt>#<id> |
 * | request         | SUBJECT#<id>                | REQUEST#<id>        | REQUESTS#<status> / <dueAt>#<id> | REQUESTS#ACTIVE / <dueAt>#<id> (open only) |
 * | notification    | NOTICE#<id>                 | NOTIFICATION#<version:10> |                   |                             |
 * | fan-out step    | FANOUT#<noticeId>#<version> | STEP#<n:6>          |                         |                             |
 * | request lookup  | REQUEST#<id>                | REQUEST             |                         |                             |
 * | request export  | EXPORT#<requestId>          | PART#<n:6>          |                         |                             |
 *
 * gsi3 lists people (PEOPLE / <id>) for the notification fan-out, and all
 * requests by due date (REQUESTS#ALL / <dueAt>#<id>).
 * Everything held about one person lives in the partition SUBJECT#<id>: one
 * Query reads it all, and an export or erasure costs what the person has.
 * An event stays in RETENTION until its registrations are de-identified.
 */
import type { DeliveryStatus, RequestStatus } from '../domain/constants';

export const KEY = { pk: 'pk', sk: 'sk' } as const;

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

const VERSION_DIGITS = 10;
const VERSION_PREFIX = 'VERSION#';

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
    sk: `${VERSION_PREFIX}${String(number).padStart(VERSION_DIGITS, '0')}`,
  }),
  versionPrefix: VERSION_PREFIX,
};

export const purposeKeys = {
  partition: 'PURPOSES',
  purpose: (purposeId: string): ItemKey => ({ pk: 'PURPOSES', sk: `PURPOSE#${purposeId}` }),
};

export const partnerKeys = {
  partition: 'PARTNERS',
  partner: (partnerId: string): ItemKey => ({ pk: 'PARTNERS', sk: `PARTNER#${partnerId}` }),
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
  registrations: (eventId: string) => ({
    index: 'gsi1' as const,
    partition: `EVENT#${eventId}#REGS`,
  }),
};

export const personKeys = {
  partition: (subjectId: string) => `SUBJECT#${subjectId}`,
  email: (email: string): ItemKey => ({ pk: `EMAIL#${email}`, sk: 'EMAIL' }),
  profile: (subjectId: string) => ({
    pk: `SUBJECT#${subjectId}`,
    sk: 'PROFILE',
    gsi3pk: 'PEOPLE',
    gsi3sk: subjectId,
  }),
  registration: (
    subjectId: string,
    eventId: string,
    registrationId: string,
    registeredAt: string,
  ) => ({
    pk: `SUBJECT#${subjectId}`,
    sk: `REG#${eventId}`,
    gsi1pk: `EVENT#${eventId}#REGS`,
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
};

/** The sort-key prefixes of what a person's partition holds. */
export const PERSON_ITEM = {
  profile: 'PROFILE',
  registration: 'REG#',
  consent: 'CONSENT#',
  consentHistory: 'CONSENTLOG#',
  sharing: 'SHARE#',
  request: 'REQUEST#',
  delivery: 'DELIVERY#',
} as const;

export const sharingKeys = {
  record: (subjectId: string | null, partnerId: string, sharedAt: string, id: string) => ({
    pk: subjectId ? `SUBJECT#${subjectId}` : `SHARE#${id}`,
    sk: `SHARE#${sharedAt}#${id}`,
    gsi1pk: `PARTNER#${partnerId}#SHARES`,
    gsi1sk: `${sharedAt}#${id}`,
    gsi2pk: 'SHARES',
    gsi2sk: `${sharedAt}#${id}`,
  }),
  byPartner: (partnerId: string) => ({
    index: 'gsi1' as const,
    partition: `PARTNER#${partnerId}#SHARES`,
  }),
  all: { index: 'gsi2' as const, partition: 'SHARES' },
};

export const deliveryKeys = {
  /** A person's mail lives in their partition, so that erasing them erases it too. */
  delivery: (id: string, subjectId: string | null): ItemKey => ({
    pk: subjectId ? `SUBJECT#${subjectId}` : `DELIVERY#${id}`,
    sk: `DELIVERY#${id}`,
  }),
  indexes: (id: string, status: DeliveryStatus, createdAt: string) => ({
    gsi1pk: 'DELIVERIES',
    gsi1sk: `${createdAt}#${id}`,
    gsi2pk: `DELIVERIES#${status}`,
    gsi2sk: `${createdAt}#${id}`,
  }),
  all: { index: 'gsi1' as const, partition: 'DELIVERIES' },
  byStatus: (status: DeliveryStatus) => ({
    index: 'gsi2' as const,
    partition: `DELIVERIES#${status}`,
  }),
};

export const requestKeys = {
  request: (subjectId: string, requestId: string): ItemKey => ({
    pk: `SUBJECT#${subjectId}`,
    sk: `REQUEST#${requestId}`,
  }),
  lookup: (requestId: string): ItemKey => ({ pk: `REQUEST#${requestId}`, sk: 'REQUEST' }),
  /** The queues a request stands in: by status, open ones, all; each by due date. */
  queues: (requestId: string, status: RequestStatus, dueAt: string, active: boolean) => ({
    gsi1pk: `REQUESTS#${status}`,
    gsi1sk: `${dueAt}#${requestId}`,
    ...(active ? { gsi2pk: 'REQUESTS#ACTIVE', gsi2sk: `${dueAt}#${requestId}` } : {}),
    gsi3pk: 'REQUESTS#ALL',
    gsi3sk: `${dueAt}#${requestId}`,
  }),
  byStatus: (status: RequestStatus) => ({
    index: 'gsi1' as const,
    partition: `REQUESTS#${status}`,
  }),
  active: { index: 'gsi2' as const, partition: 'REQUESTS#ACTIVE' },
  all: { index: 'gsi3' as const, partition: 'REQUESTS#ALL' },
  exportPart: (requestId: string, part: number): ItemKey => ({
    pk: `EXPORT#${requestId}`,
    sk: `PART#${String(part).padStart(6, '0')}`,
  }),
  exportPartition: (requestId: string) => `EXPORT#${requestId}`,
};

export const notificationKeys = {
  notification: (noticeId: string, version: number): ItemKey => ({
    pk: `NOTICE#${noticeId}`,
    sk: `NOTIFICATION#${String(version).padStart(VERSION_DIGITS, '0')}`,
  }),
  prefix: 'NOTIFICATION#',
  step: (noticeId: string, version: number, step: number): ItemKey => ({
    pk: `FANOUT#${noticeId}#${version}`,
    sk: `STEP#${String(step).padStart(6, '0')}`,
  }),
  people: { index: 'gsi3' as const, partition: 'PEOPLE' },
};

export const auditKeys = {
  entry: (entity: string, entityId: string, at: string, id: string) => ({
    pk: `AUDIT#${entity}#${entityId}`,
    sk: `${at}#${id}`,
    gsi1pk: 'AUDIT',
    gsi1sk: `${at}#${id}`,
    gsi2pk: `AUDIT#${entity}`,
    gsi2sk: `${at}#${id}`,
  }),
  all: { index: 'gsi1' as const, partition: 'AUDIT' },
  byEntity: (entity: string) => ({ index: 'gsi2' as const, partition: `AUDIT#${entity}` }),
  byEntityId: (entity: string, entityId: string) => `AUDIT#${entity}#${entityId}`,
};

const KEY_ATTRIBUTES = new Set<string>([
  KEY.pk,
  KEY.sk,
  ...INDEXES.flatMap((index) => [index.pk, index.sk]),
]);

/** The stored record without the table's key attributes. */
export function withoutKeys<T>(item: Record<string, unknown>): T {
  return Object.fromEntries(
    Object.entries(item).filter(([name]) => !KEY_ATTRIBUTES.has(name)),
  ) as T;
}
