import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db';
import { batchWrite } from './batch';
import { requestKeys, withoutKeys } from './keys';
import { queryAll, queryPage, type Page, type PageRequest, type PartitionQuery } from './pages';
import type { TransactItem } from './transactions';

export type RequestStatus =
  'AWAITING_VERIFICATION' | 'OPEN' | 'EXTENDED' | 'COMPLETED' | 'REJECTED';

export const ACTIVE_STATUSES: readonly RequestStatus[] = [
  'AWAITING_VERIFICATION',
  'OPEN',
  'EXTENDED',
];

export interface RequestEventRecord {
  at: string;
  status: RequestStatus;
  actor: string;
  note?: string | null;
}

export interface VerificationRecord {
  /** SHA-256 of the request id and the code: the code itself is never stored. */
  codeHash: string;
  expiresAt: string;
  failedAttempts: number;
}

export interface SubjectRequestRecord {
  id: string;
  subjectId: string;
  type: string;
  status: RequestStatus;
  email: string;
  jurisdiction: 'GDPR' | 'PIPL' | 'CCPA';
  details?: string | null;
  corrections?: { category: string; value: string }[];
  purposeIds?: string[];
  receivedAt: string;
  verifiedAt?: string;
  dueAt: string;
  extensionReason?: string;
  completedAt?: string;
  rejectionReason?: string;
  reviewNote?: string;
  /** How many parts the export of an ACCESS or PORTABILITY request has. */
  resultParts?: number;
  verification?: VerificationRecord;
  history: RequestEventRecord[];
  /** Counts the changes: a write that read an older revision loses. */
  revision: number;
}

function requestItem(request: SubjectRequestRecord) {
  return {
    ...requestKeys.request(request.subjectId, request.id),
    ...requestKeys.queues(
      request.id,
      request.status,
      request.dueAt,
      ACTIVE_STATUSES.includes(request.status),
    ),
    ...request,
  };
}

/** A new request and the lookup that finds its person by its id. */
export function requestInserts(db: Db, request: SubjectRequestRecord): TransactItem[] {
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
export function requestUpdate(db: Db, request: SubjectRequestRecord): TransactItem {
  return {
    Put: {
      TableName: db.table,
      Item: requestItem(request),
      ConditionExpression: 'revision = :previous',
      ExpressionAttributeValues: { ':previous': request.revision - 1 },
    },
  };
}

export async function getRequest(db: Db, requestId: string): Promise<SubjectRequestRecord | null> {
  const lookup = await db.doc.send(
    new GetCommand({
      TableName: db.table,
      Key: requestKeys.lookup(requestId),
      ConsistentRead: true,
    }),
  );
  const subjectId = lookup.Item?.subjectId;
  if (typeof subjectId !== 'string') return null;
  const { Item } = await db.doc.send(
    new GetCommand({
      TableName: db.table,
      Key: requestKeys.request(subjectId, requestId),
      ConsistentRead: true,
    }),
  );
  return Item ? withoutKeys<SubjectRequestRecord>(Item) : null;
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
): Promise<Page<SubjectRequestRecord>> {
  const activeOnly = filter.status ? ACTIVE_STATUSES.includes(filter.status) : true;
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
    query = {
      ...requestKeys.all,
      filter: {
        expression: 'NOT (#status IN (:a, :o, :e)) OR dueAt >= :now',
        names: { '#status': 'status' },
        values: {
          ':a': 'AWAITING_VERIFICATION',
          ':o': 'OPEN',
          ':e': 'EXTENDED',
          ':now': filter.now,
        },
      },
    };
  } else {
    query = requestKeys.all;
  }
  const result = await queryPage(db, query, page);
  return {
    items: result.items.map((item) => withoutKeys<SubjectRequestRecord>(item)),
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
