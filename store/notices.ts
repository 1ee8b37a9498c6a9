import type { Notice, Publication, StoredVersion, Translation } from '../domain/types';
import { batchGet } from './batch';
import type { Db } from './db';
import { entityOf, getItem, itemOf, type Item } from './items';
import { noticeKeys } from './keys';
import { queryAll, queryPage, type Page, type PageRequest, type PartitionQuery } from './pages';
import { transact, type TransactItem } from './transactions';

const NOTICE_NULLABLE = ['draftNumber'] as const;
const VERSION_NULLABLE = [
  'material',
  'changeSummary',
  'publishedAt',
  'effectiveAt',
] as const satisfies readonly (keyof StoredVersion)[];

const TRANSLATION_NULLABLE = ['changeSummary'] as const satisfies readonly (keyof Translation)[];

/** A stored version as the domain sees it, from its item (or its stream image). */
export function versionOf(item: Item): StoredVersion {
  const version = entityOf<StoredVersion>(item, VERSION_NULLABLE);
  // Versions stored before translations existed have none.
  return { ...version, translations: version.translations ?? [] };
}

function translationOf(item: Item): Translation {
  return entityOf<Translation>(item, TRANSLATION_NULLABLE);
}

/** Unchanged since it was read: every change of a draft moves its updatedAt forward. */
function unchangedDraft(read: StoredVersion) {
  return {
    ConditionExpression: '#state = :draft AND updatedAt = :read',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: { ':draft': 'DRAFT', ':read': read.updatedAt },
  };
}

export async function getNotice(db: Db, noticeId: string): Promise<Notice | null> {
  const item = await getItem(db, noticeKeys.notice(noticeId));
  return item && entityOf<Notice>(item, NOTICE_NULLABLE);
}

/** Every notice, in id order. A site has a handful, so one list is read whole. */
export async function listNotices(db: Db): Promise<Notice[]> {
  const items = await queryAll(db, noticeKeys.all);
  return items.map((item) => entityOf<Notice>(item, NOTICE_NULLABLE));
}

export async function getVersion(
  db: Db,
  noticeId: string,
  number: number,
): Promise<StoredVersion | null> {
  const item = await getItem(db, noticeKeys.version(noticeId, number));
  return item && versionOf(item);
}

/** Several versions of one notice in one round trip, in the order asked. */
export async function getVersions(
  db: Db,
  noticeId: string,
  numbers: number[],
): Promise<(StoredVersion | null)[]> {
  const items = await batchGet(
    db,
    numbers.map((number) => noticeKeys.version(noticeId, number)),
    { consistent: true },
  );
  return items.map((item) => item && versionOf(item));
}

/** Newest first; drafts only when asked for. */
export async function listVersions(
  db: Db,
  noticeId: string,
  includeDrafts: boolean,
  page: PageRequest,
): Promise<Page<StoredVersion>> {
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
    items: result.items.map((item) => versionOf(item)),
    cursor: result.cursor,
  };
}

export async function insertNotice(
  db: Db,
  notice: Notice,
  alsoWrite: TransactItem[],
): Promise<void> {
  await transact(db, [
    {
      Put: {
        TableName: db.table,
        Item: {
          ...noticeKeys.notice(notice.id),
          ...noticeKeys.listing(notice.id),
          ...itemOf(notice),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...alsoWrite,
  ]);
}

/** A new draft, numbered after the last version, provided nobody numbered one meanwhile. */
export async function insertDraft(
  db: Db,
  draft: StoredVersion,
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
        Item: { ...noticeKeys.version(draft.noticeId, draft.number), ...itemOf(draft) },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...alsoWrite,
  ]);
}

/**
 * Replaces the open draft's content, provided it is still the open draft and
 * unchanged since `read`, deleting the translations of `dropped` languages.
 */
export async function replaceDraft(
  db: Db,
  read: StoredVersion,
  draft: StoredVersion,
  dropped: string[],
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
        Item: { ...noticeKeys.version(draft.noticeId, draft.number), ...itemOf(draft) },
        ...unchangedDraft(read),
      },
    },
    ...dropped.map((language): TransactItem => ({
      Delete: {
        TableName: db.table,
        Key: noticeKeys.translation(draft.noticeId, draft.number, language),
      },
    })),
    ...alsoWrite,
  ]);
}

/**
 * Adds or replaces a translation of a draft, and lists its language on the
 * draft (as `draft`), provided the draft is unchanged since `read`: what the
 * translation was checked against is what it is saved with.
 */
export async function saveTranslation(
  db: Db,
  read: StoredVersion,
  draft: StoredVersion,
  translation: Translation,
  alsoWrite: TransactItem[],
): Promise<void> {
  await transact(db, [
    {
      Update: {
        TableName: db.table,
        Key: noticeKeys.version(draft.noticeId, draft.number),
        UpdateExpression: 'SET translations = :translations, updatedAt = :updatedAt',
        ...unchangedDraft(read),
        ExpressionAttributeValues: {
          ...unchangedDraft(read).ExpressionAttributeValues,
          ':translations': draft.translations,
          ':updatedAt': draft.updatedAt,
        },
      },
    },
    {
      Put: {
        TableName: db.table,
        Item: {
          ...noticeKeys.translation(translation.noticeId, translation.number, translation.language),
          ...itemOf(translation),
        },
      },
    },
    ...alsoWrite,
  ]);
}

export async function getTranslation(
  db: Db,
  noticeId: string,
  number: number,
  language: string,
): Promise<Translation | null> {
  const item = await getItem(db, noticeKeys.translation(noticeId, number, language));
  return item && translationOf(item);
}

/** Every translation of a version, in language order. */
export async function getTranslations(
  db: Db,
  noticeId: string,
  number: number,
): Promise<Translation[]> {
  const items = await queryAll(db, {
    partition: noticeKeys.notice(noticeId).pk,
    sortPrefix: noticeKeys.translationPrefix(number),
  });
  return items.map(translationOf);
}

/**
 * Publishes the open draft. The notice's publication list must still be as
 * long as when the caller read it and the version still the draft as `read`:
 * of several concurrent publications exactly one satisfies both, and a draft
 * (or translation) saved meanwhile is not published unseen.
 */
export async function publishDraft(
  db: Db,
  read: StoredVersion,
  published: StoredVersion & Publication,
  publicationsBefore: number,
  alsoWrite: TransactItem[],
): Promise<void> {
  const publication: Publication = {
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
        Item: {
          ...noticeKeys.version(published.noticeId, published.number),
          ...itemOf(published),
        },
        ...unchangedDraft(read),
      },
    },
    ...alsoWrite,
  ]);
}
