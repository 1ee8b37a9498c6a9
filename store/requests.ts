import type { RequestStatus } from '../domain/constants';
import { ACTIVE_STATUSES, isActive } from '../domain/requests/lifecycle';
import type { SubjectRequest } from '../domain/requests/types';
import type { Db } from './db';
import { entityOf, getItem, itemOf, type Item } from './items';
import { batchWrite } from './batch';
import { requestKeys } from './keys';
import { queryAll, queryPage, type Page, type PageRequest, type PartitionQuery } from './pages';
import type { TransactItem } from './transactions';

export const REQUEST_NULLABLE = [
  'details',
  'corrections',
  'purposeIds',
  'verifiedAt',
  'extensionReason',
  'completedAt',
  'rejectionReason',
  'reviewNote',
  'resultParts',
  'verification',
] as const satisfies readonly (keyof SubjectRequest)[];

function requestItem(request: SubjectRequest): Item {
  return {
    ...requestKeys.request(request.subjectId, request.id),
    ...requestKeys.queues(request.id, request.status, request.dueAt, isActive(request.status)),
    ...itemOf(request),
  };
}

/** A new request and the lookup that finds its person by its id. */
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
        Item: { ...requestKeys.lookup(request.id), subjectId: request.subjectId },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ];
}

/** The request's next state, provided it is still the revision before it. */
export function requestUpdate(db: Db, request: SubjectRequest): TransactItem {
  return {
    Put: {
      TableName: db.table,
      Item: requestItem(request),
      ConditionExpression: 'revision = :previous',
      ExpressionAttributeValues: { ':previous': request.revision - 1 },
    },
  };
}

export async function getRequest(db: Db, requestId: string): Promise<SubjectRequest | null> {
  const lookup = await getItem(db, requestKeys.lookup(requestId));
  const subjectId = lookup?.subjectId;
  if (typeof subjectId !== 'string') return null;
  const item = await getItem(db, requestKeys.request(subjectId, requestId));
  return item && entityOf<SubjectRequest>(item, REQUEST_NULLABLE);
}

export interface QueueFilter {
  status?: RequestStatus;
  /** true: only overdue; false: only not overdue; absent: both. */
  overdue?: boolean;
  now: string;
}

/** The admin's queue, by due date, without a Scan: each filter has its index. */
export async function listRequests(
  db: Db,
  filter: QueueFilter,
  page: PageRequest,
): Promise<Page<SubjectRequest>> {
  const activeOnly = filter.status ? isActive(filter.status) : true;
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
    const activeValues = ACTIVE_STATUSES.map((_, index) => `:active${index}`);
    query = {
      ...requestKeys.all,
      filter: {
        expression: `NOT (#status IN (${activeValues.join(', ')})) OR dueAt >= :now`,
        names: { '#status': 'status' },
        values: {
          ...Object.fromEntries(
            ACTIVE_STATUSES.map((status, index) => [activeValues[index], status]),
          ),
          ':now': filter.now,
        },
      },
    };
  } else {
    query = requestKeys.all;
  }
  const result = await queryPage(db, query, page);
  return {
    items: result.items.map((item) => entityOf<SubjectRequest>(item, REQUEST_NULLABLE)),
    cursor: result.cursor,
  };
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
