import type { RequestStatus, RequestType } from '../domain/constants';
import { ACTIVE_STATUSES, isActive } from '../domain/requests/lifecycle';
import { verificationMailId } from '../domain/requests/expiry';
import type { SubjectRequest } from '../domain/requests/types';
import type { Db } from './db';
import { entityOf, getItem, itemOf, type Item } from './items';
import { batchWrite } from './batch';
import { deliveryKeys, requestKeys, TTL_ATTRIBUTE, type ItemKey } from './keys';
import { queryAll, queryPage, type Page, type PageRequest, type PartitionQuery } from './pages';
import type { TransactItem } from './transactions';

export const REQUEST_NULLABLE = [
  'details',
  'corrections',
  'newEmail',
  'purposeIds',
  'verifiedAt',
  'extensionReason',
  'completedAt',
  'rejectionReason',
  'reviewNote',
  'resultParts',
  'verification',
] as const satisfies readonly (keyof SubjectRequest)[];

/** A stored request; one stored before channels were kept came on the web. */
export function requestOf(item: Item): SubjectRequest {
  const request = entityOf<SubjectRequest>(item, REQUEST_NULLABLE);
  return { ...request, channel: request.channel ?? 'WEB' };
}

/** DynamoDB's time to live: epoch seconds. */
function epochSeconds(iso: string): number {
  return Math.ceil(Date.parse(iso) / 1000);
}

/** When an unverified request's items go; undefined once it is verified or closed. */
function expiryOf(request: SubjectRequest): string | undefined {
  return request.status === 'AWAITING_VERIFICATION' && request.verification
    ? request.verification.expiresAt
    : undefined;
}

function requestItem(request: SubjectRequest): Item {
  const expiresAt = expiryOf(request);
  return {
    ...requestKeys.request(request.subjectId, request.id),
    ...requestKeys.queues(request.id, request.status, request.dueAt, isActive(request.status)),
    ...itemOf(request),
    ...(expiresAt ? { [TTL_ATTRIBUTE]: epochSeconds(expiresAt) } : {}),
  };
}

/**
 * The lookup that finds a request's partition by its id; while unverified,
 * listed by expiry, with the key of the current request of its type and
 * address, which goes with it.
 */
function lookupItem(request: SubjectRequest): Item {
  const expiresAt = expiryOf(request);
  return {
    ...requestKeys.lookup(request.id),
    requestId: request.id,
    subjectId: request.subjectId,
    ...(expiresAt
      ? {
          ...requestKeys.unverified(request.id, expiresAt),
          current: requestKeys.current(request.email, request.type),
          [TTL_ATTRIBUTE]: epochSeconds(expiresAt),
        }
      : {}),
  };
}

/** The id of the latest request of this type from this address, if any was made. */
export async function getCurrentRequestId(
  db: Db,
  email: string,
  type: RequestType,
): Promise<string | null> {
  const item = await getItem(db, requestKeys.current(email, type));
  return typeof item?.requestId === 'string' ? item.requestId : null;
}

/**
 * Names `request` the current one of its type and address, provided the
 * current one is still `replaces` (none when null): of two submissions that
 * read the same, one wins.
 */
export function currentRequestPut(
  db: Db,
  request: SubjectRequest,
  replaces: string | null,
): TransactItem {
  const expiresAt = expiryOf(request);
  return {
    Put: {
      TableName: db.table,
      Item: {
        ...requestKeys.current(request.email, request.type),
        requestId: request.id,
        ...(expiresAt ? { [TTL_ATTRIBUTE]: epochSeconds(expiresAt) } : {}),
      },
      ...(replaces === null
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : {
            ConditionExpression: 'requestId = :replaced',
            ExpressionAttributeValues: { ':replaced': replaces },
          }),
    },
  };
}

/** An unverified request replaced by a new submission: gone, with its lookup and its code's mail. */
export function replacedRequestDeletes(db: Db, request: SubjectRequest): TransactItem[] {
  return [
    {
      Delete: {
        TableName: db.table,
        Key: requestKeys.request(request.subjectId, request.id),
        ConditionExpression: 'revision = :read',
        ExpressionAttributeValues: { ':read': request.revision },
      },
    },
    { Delete: { TableName: db.table, Key: requestKeys.lookup(request.id) } },
    { Delete: { TableName: db.table, Key: verificationMailKey(request) } },
  ];
}

/** The key of a request's verification mail, in the request's partition. */
function verificationMailKey(request: { id: string; subjectId: string }): ItemKey {
  return deliveryKeys.delivery(verificationMailId(request.id), request.subjectId);
}

/** A new request and the lookup that finds its partition by its id. */
export function requestInserts(db: Db, request: SubjectRequest): TransactItem[] {
  return [
    {
      Put: {
        TableName: db.table,
        Item: requestItem(request),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Put: {
        TableName: db.table,
        Item: lookupItem(request),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ];
}

/** A mail's outbox item that goes with an unverified request: it expires when the request does. */
export function expiringWith(request: SubjectRequest, write: TransactItem): TransactItem {
  const expiresAt = expiryOf(request);
  if (!write.Put || !expiresAt) return write;
  return {
    Put: { ...write.Put, Item: { ...write.Put.Item, [TTL_ATTRIBUTE]: epochSeconds(expiresAt) } },
  };
}

/**
 * The request's next state, provided it is still the revision read. A request
 * that leaves verification loses its expiry and its verification mail (the
 * code is spent, and the mail held the address); one verified into its
 * person's partition moves there, its lookup with it.
 */
export function requestChange(
  db: Db,
  previous: SubjectRequest,
  next: SubjectRequest,
): TransactItem[] {
  const unchanged = {
    ConditionExpression: 'revision = :previous',
    ExpressionAttributeValues: { ':previous': previous.revision },
  };
  const moves = previous.subjectId !== next.subjectId;
  const leavesVerification = expiryOf(previous) !== undefined && expiryOf(next) === undefined;
  const writes: TransactItem[] = moves
    ? [
        {
          Delete: {
            TableName: db.table,
            Key: requestKeys.request(previous.subjectId, previous.id),
            ...unchanged,
          },
        },
        {
          Put: {
            TableName: db.table,
            Item: requestItem(next),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ]
    : [{ Put: { TableName: db.table, Item: requestItem(next), ...unchanged } }];
  if (moves || leavesVerification) {
    writes.push({ Put: { TableName: db.table, Item: lookupItem(next) } });
  }
  if (leavesVerification) {
    writes.push({ Delete: { TableName: db.table, Key: verificationMailKey(previous) } });
  }
  if (leavesVerification && isActive(next.status)) {
    // Opened: it stays the current request of its type, no longer expiring. Requests
    // submitted before the current request was kept have none, and take it now.
    writes.push({
      Put: {
        TableName: db.table,
        Item: { ...requestKeys.current(next.email, next.type), requestId: next.id },
        ConditionExpression: 'attribute_not_exists(pk) OR requestId = :request',
        ExpressionAttributeValues: { ':request': next.id },
      },
    });
  }
  return writes;
}

export async function getRequest(db: Db, requestId: string): Promise<SubjectRequest | null> {
  const lookup = await getItem(db, requestKeys.lookup(requestId));
  const subjectId = lookup?.subjectId;
  if (typeof subjectId !== 'string') return null;
  const item = await getItem(db, requestKeys.request(subjectId, requestId));
  return item && requestOf(item);
}

export interface QueueFilter {
  status?: RequestStatus;
  /** true: only overdue; false: only not overdue; absent: both. */
  overdue?: boolean;
  now: string;
}

/** Leaves out unverified requests whose code has expired: they count as gone. */
const NOT_GONE = {
  expression: 'NOT (#status = :awaiting AND #verification.#expiresAt <= :now)',
  names: { '#status': 'status', '#verification': 'verification', '#expiresAt': 'expiresAt' },
};

/** The admin's queue, by due date, without a Scan: each filter has its index. */
export async function listRequests(
  db: Db,
  filter: QueueFilter,
  page: PageRequest,
): Promise<Page<SubjectRequest>> {
  const activeOnly = filter.status ? isActive(filter.status) : true;
  const expressions = [NOT_GONE.expression];
  const names: Record<string, string> = { ...NOT_GONE.names };
  const values: Record<string, string> = {
    ':awaiting': 'AWAITING_VERIFICATION',
    ':now': filter.now,
  };
  let query: PartitionQuery;
  if (filter.status) {
    query = requestKeys.byStatus(filter.status);
    if (filter.overdue === true && !activeOnly) return { items: [], cursor: null };
    if (filter.overdue !== undefined && activeOnly) {
      query = filter.overdue
        ? { ...query, sortTo: filter.now }
        : { ...query, sortFrom: filter.now };
    }
  } else if (filter.overdue === true) {
    query = { ...requestKeys.active, sortTo: filter.now };
  } else if (filter.overdue === false) {
    const activeValues = Object.fromEntries(
      ACTIVE_STATUSES.map((status, index) => [`:active${index}`, status]),
    );
    expressions.push(
      `(NOT (#status IN (${Object.keys(activeValues).join(', ')})) OR dueAt >= :now)`,
    );
    Object.assign(values, activeValues);
    query = requestKeys.all;
  } else {
    query = requestKeys.all;
  }
  const result = await queryPage(
    db,
    { ...query, filter: { expression: expressions.join(' AND '), names, values } },
    page,
  );
  return {
    items: result.items.map(requestOf),
    cursor: result.cursor,
  };
}

/** Where an unverified request is held: its id, the partition it waits in, its current-request key. */
export interface UnverifiedRequestRef {
  requestId: string;
  subjectId: string;
  current: ItemKey | null;
}

/** Unverified requests whose code expired by `now`, by expiry: read from their lookups' index. */
export async function listExpiredUnverified(
  db: Db,
  now: string,
  page: PageRequest,
): Promise<Page<UnverifiedRequestRef>> {
  const result = await queryPage(db, { ...requestKeys.allUnverified, sortTo: now }, page);
  return {
    items: result.items.map((item) => ({
      requestId: String(item.requestId),
      subjectId: String(item.subjectId),
      current: (item.current as ItemKey | undefined) ?? null,
    })),
    cursor: result.cursor,
  };
}

/**
 * Deletes an unverified request, its lookup, its verification mail and the
 * current request that names it, unless it was verified or closed meanwhile
 * (its lookup is then no longer listed as unverified). The request itself may
 * be gone already: DynamoDB's time to live deletes each item on its own.
 */
export function unverifiedRequestDeletes(db: Db, ref: UnverifiedRequestRef): TransactItem[] {
  return [
    {
      Delete: {
        TableName: db.table,
        Key: requestKeys.lookup(ref.requestId),
        ConditionExpression: 'attribute_exists(gsi1pk)',
      },
    },
    {
      Delete: {
        TableName: db.table,
        Key: requestKeys.request(ref.subjectId, ref.requestId),
        ConditionExpression: 'attribute_not_exists(pk) OR #status = :awaiting',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':awaiting': 'AWAITING_VERIFICATION' },
      },
    },
    {
      Delete: {
        TableName: db.table,
        Key: verificationMailKey({ id: ref.requestId, subjectId: ref.subjectId }),
      },
    },
    ...(ref.current
      ? [
          {
            Delete: {
              TableName: db.table,
              Key: ref.current,
              ConditionExpression: 'attribute_not_exists(pk) OR requestId = :request',
              ExpressionAttributeValues: { ':request': ref.requestId },
            },
          },
        ]
      : []),
  ];
}

const PART_CHARS = 300_000;

/** Stores an export in as many items as it needs: no export is too large for one item. */
export async function writeExport(db: Db, requestId: string, json: string): Promise<number> {
  const parts: string[] = [];
  for (let start = 0; start < json.length || parts.length === 0; start += PART_CHARS) {
    parts.push(json.slice(start, start + PART_CHARS));
  }
  await batchWrite(
    db,
    parts.map((data, index) => ({
      PutRequest: { Item: { ...requestKeys.exportPart(requestId, index + 1), data } },
    })),
  );
  return parts.length;
}

export async function readExport(db: Db, requestId: string): Promise<string | null> {
  const items = await queryAll(db, { partition: requestKeys.exportPartition(requestId) });
  return items.length === 0 ? null : items.map((item) => String(item.data)).join('');
}
