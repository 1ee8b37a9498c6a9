import type { SharingRecord } from '../domain/types';
import type { Db } from './db';
import { entityOf, itemOf, type Item } from './items';
import { sharingKeys } from './keys';
import { queryPage, type Page, type PageRequest } from './pages';
import type { TransactItem } from './transactions';

export const SHARING_NULLABLE = ['subjectId', 'legalReference', 'destinationCountry'] as const;

function sharingOf(item: Item): SharingRecord {
  const record = entityOf<SharingRecord>(item, SHARING_NULLABLE);
  return { ...record, subjectErased: record.subjectErased ?? false };
}

export function sharingPut(db: Db, record: SharingRecord): TransactItem {
  return {
    Put: {
      TableName: db.table,
      Item: {
        ...sharingKeys.record(record.subjectId, record.partnerId, record.sharedAt, record.id),
        ...itemOf(record),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** Oldest first, so that a reader paging along never misses a record added meanwhile. */
export async function listSharing(
  db: Db,
  filter: { partnerId?: string; since?: string },
  page: PageRequest,
): Promise<Page<SharingRecord>> {
  const target = filter.partnerId ? sharingKeys.byPartner(filter.partnerId) : sharingKeys.all;
  const result = await queryPage(db, { ...target, sortFrom: filter.since }, page);
  return {
    items: result.items.map(sharingOf),
    cursor: result.cursor,
  };
}

/**
 * Keeps the fact of a disclosure without the person: the record leaves the
 * person's partition and no longer names them.
 */
export function sharingDetach(db: Db, record: SharingRecord): TransactItem[] {
  const detached: SharingRecord = { ...record, subjectId: null, subjectErased: true };
  return [
    {
      Delete: {
        TableName: db.table,
        Key: pick(
          sharingKeys.record(record.subjectId, record.partnerId, record.sharedAt, record.id),
        ),
      },
    },
    sharingPut(db, detached),
  ];
}

function pick(key: { pk: string; sk: string }) {
  return { pk: key.pk, sk: key.sk };
}
