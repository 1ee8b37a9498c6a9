import type { Db } from './db';
import { sharingKeys, withoutKeys } from './keys';
import { queryPage, type Page, type PageRequest } from './pages';
import type { TransactItem } from './transactions';

export interface SharingRecordRecord {
  id: string;
  partnerId: string;
  /** Null for aggregated disclosures, and once the person is erased. */
  subjectId: string | null;
  categories: string[];
  purpose: string;
  situation: string;
  legalReference?: string | null;
  destinationCountry?: string | null;
  sharedAt: string;
  recordedAt: string;
}

export function sharingPut(db: Db, record: SharingRecordRecord): TransactItem {
  return {
    Put: {
      TableName: db.table,
      Item: {
        ...sharingKeys.record(record.subjectId, record.partnerId, record.sharedAt, record.id),
        ...record,
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
): Promise<Page<SharingRecordRecord>> {
  const target = filter.partnerId ? sharingKeys.byPartner(filter.partnerId) : sharingKeys.all;
  const result = await queryPage(db, { ...target, sortFrom: filter.since }, page);
  return {
    items: result.items.map((item) => withoutKeys<SharingRecordRecord>(item)),
    cursor: result.cursor,
  };
}
