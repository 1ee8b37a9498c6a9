import { BatchGetCommand, type BatchGetCommandOutput, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db';
import { noticeKeys, withoutKeys } from './keys';
import { queryAll, queryPage, type Page, type PageRequest, type PartitionQuery } from './pages';
import { transact, type TransactItem } from './transactions';

export interface SectionRecord {
  key: string;
  heading: string;
  summary?: string | null;
  body: string;
}

export interface PublicationRecord {
  number: number;
  effectiveAt: string;
  material: boolean;
}

export interface NoticeRecord {
  id: string;
  title: string;
  language: string;
  createdAt: string;
  /** The highest version number ever given; numbers are never reused. */
  lastNumber: number;
  /** The open draft, if any: at most one at a time. */
  draftNumber?: number;
  /** Every publication in order; effectiveAt never goes backwards. */
  publications: PublicationRecord[];
}

export interface VersionRecord {
  noticeId: string;
  number: number;
  /** What is stored; SCHEDULED and SUPERSEDED follow from effectiveAt and later publications. */
  state: 'DRAFT' | 'PUBLISHED';
  language: string;
  material?: boolean;
  changeSummary?: string | null;
  sections: SectionRecord[];
  createdAt: string;
  updatedAt: string;
  publishedAt?: string;
  effectiveAt?: string;
}

export async function getNotice(db: Db, noticeId: string): Promise<NoticeRecord | null> {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: noticeKeys.notice(noticeId), ConsistentRead: true }),
  );
  return Item ? withoutKeys<NoticeRecord>(Item) : null;
}

/** Every notice, in id order. A site has a handful, so one list is read whole. */
export async function listNotices(db: Db): Promise<NoticeRecord[]> {
  const items = await queryAll(db, { index: 'gsi1', partition: 'NOTICES' });
  return items.map((item) => withoutKeys<NoticeRecord>(item));
}

export async function getVersion(
  db: Db,
  noticeId: string,
  number: number,
): Promise<VersionRecord | null> {
  const { Item } = await db.doc.send(
    new GetCommand({
      TableName: db.table,
      Key: noticeKeys.version(noticeId, number),
      ConsistentRead: true,
    }),
  );
  return Item ? withoutKeys<VersionRecord>(Item) : null;
}

/** Several versions of one notice in one round trip, in the order asked. */
export async function getVersions(
  db: Db,
  noticeId: string,
  numbers: number[],
): Promise<(VersionRecord | null)[]> {
  if (numbers.length === 0) return [];
  const unique = [...new Set(numbers)];
  const found = new Map<number, VersionRecord>();
  let keys: Record<string, unknown>[] | undefined = unique.map((n) => ({
    ...noticeKeys.version(noticeId, n),
  }));
  while (keys && keys.length > 0) {
    const result: BatchGetCommandOutput = await db.doc.send(
      new BatchGetCommand({ RequestItems: { [db.table]: { Keys: keys, ConsistentRead: true } } }),
    );
    for (const item of result.Responses?.[db.table] ?? []) {
      const version = withoutKeys<VersionRecord>(item);
      found.set(version.number, version);
    }
    keys = result.UnprocessedKeys?.[db.table]?.Keys;
  }
  return numbers.map((n) => found.get(n) ?? null);
}

/** Newest first; drafts only when asked for. */
export async function listVersions(
  db: Db,
  noticeId: string,
  includeDrafts: boolean,
  page: PageRequest,
): Promise<Page<VersionRecord>> {
  const query: PartitionQuery = {
    partition: noticeKeys.notice(noticeId).pk,
    sortPrefix: noticeKeys.versionPrefix,
    descending: true,
  };
  if (!includeDrafts) {
    query.filter = {
      expression: '#state = :published',
      names: { '#state': 'state' },
      values: { ':published': 'PUBLISHED' },
    };
  }
  const result = await queryPage(db, query, page);
  return {
    items: result.items.map((item) => withoutKeys<VersionRecord>(item)),
    cursor: result.cursor,
  };
}

export async function insertNotice(
  db: Db,
  notice: NoticeRecord,
  alsoWrite: TransactItem[],
): Promise<void> {
  await transact(db, [
    {
      Put: {
        TableName: db.table,
        Item: { ...noticeKeys.notice(notice.id), ...noticeKeys.listing(notice.id), ...notice },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...alsoWrite,
  ]);
}

/** A new draft, numbered after the last version, provided nobody numbered one meanwhile. */
export async function insertDraft(
  db: Db,
  draft: VersionRecord,
  alsoWrite: TransactItem[],
): Promise<void> {
  await transact(db, [
    {
      Update: {
        TableName: db.table,
        Key: noticeKeys.notice(draft.noticeId),
        ConditionExpression: 'lastNumber = :previous AND attribute_not_exists(draftNumber)',
        UpdateExpression: 'SET lastNumber = :number, draftNumber = :number',
        ExpressionAttributeValues: { ':previous': draft.number - 1, ':number': draft.number },
      },
    },
    {
      Put: {
        TableName: db.table,
        Item: { ...noticeKeys.version(draft.noticeId, draft.number), ...draft },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...alsoWrite,
  ]);
}

/** Replaces the open draft's content, provided it is still the open draft. */
export async function replaceDraft(
  db: Db,
  draft: VersionRecord,
  alsoWrite: TransactItem[],
): Promise<void> {
  await transact(db, [
    {
      ConditionCheck: {
        TableName: db.table,
        Key: noticeKeys.notice(draft.noticeId),
        ConditionExpression: 'draftNumber = :number',
        ExpressionAttributeValues: { ':number': draft.number },
      },
    },
    {
      Put: {
        TableName: db.table,
        Item: { ...noticeKeys.version(draft.noticeId, draft.number), ...draft },
        ConditionExpression: '#state = :draft',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':draft': 'DRAFT' },
      },
    },
    ...alsoWrite,
  ]);
}

/**
 * Publishes the open draft. The notice's publication list must still be as
 * long as when the caller read it and the version still a draft: of several
 * concurrent publications exactly one satisfies both.
 */
export async function publishDraft(
  db: Db,
  published: VersionRecord &
    Required<Pick<VersionRecord, 'publishedAt' | 'effectiveAt' | 'material'>>,
  publicationsBefore: number,
  alsoWrite: TransactItem[],
): Promise<void> {
  const publication: PublicationRecord = {
    number: published.number,
    effectiveAt: published.effectiveAt,
    material: published.material,
  };
  await transact(db, [
    {
      Update: {
        TableName: db.table,
        Key: noticeKeys.notice(published.noticeId),
        ConditionExpression: 'draftNumber = :number AND size(publications) = :count',
        UpdateExpression:
          'SET publications = list_append(publications, :publication) REMOVE draftNumber',
        ExpressionAttributeValues: {
          ':number': published.number,
          ':count': publicationsBefore,
          ':publication': [publication],
        },
      },
    },
    {
      Put: {
        TableName: db.table,
        Item: { ...noticeKeys.version(published.noticeId, published.number), ...published },
        ConditionExpression: '#state = :draft',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':draft': 'DRAFT' },
      },
    },
    ...alsoWrite,
  ]);
}
