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
  /** Set when the person was erased: the disclosure is kept, the person is not. */
  subjectErased?: boolean;
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

/**
 * Keeps the fact of a disclosure without the person: the record leaves the
 * person's partition and no longer names them.
 */
export function sharingDetach(db: Db, record: SharingRecordRecord): TransactItem[] {
  const detached: SharingRecordRecord = { ...record, subjectId: null, subjectErased: true };
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
