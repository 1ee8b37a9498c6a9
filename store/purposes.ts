import type { Purpose } from '../domain/types';
import { DEFAULT_DPV_PURPOSE, dpvPurposeIri } from '../domain/vocabulary';
import { batchGet } from './batch';
import type { Db } from './db';
import { entityOf, itemOf, type Item } from './items';
import { purposeKeys } from './keys';
import { queryAll } from './pages';
import { transact, type TransactItem } from './transactions';

const PURPOSE_NULLABLE = ['description', 'retentionDays'] as const;

/**
 * Purposes stored before DPV terms were recorded serve the generic one; those
 * stored under a term DPV has since renamed serve its new name.
 */
function purposeOf(item: Item): Purpose {
  const purpose = entityOf<Purpose>(item, PURPOSE_NULLABLE);
  const stored = purpose.dpvPurpose ?? DEFAULT_DPV_PURPOSE;
  return { ...purpose, dpvPurpose: dpvPurposeIri(stored) ?? stored };
}

/** Every purpose, in id order: the register of a few dozen at most. */
export async function listPurposes(db: Db): Promise<Purpose[]> {
  const items = await queryAll(db, { partition: purposeKeys.partition });
  return items.map(purposeOf);
}

export async function putPurpose(db: Db, purpose: Purpose, alsoWrite: TransactItem[]) {
  await transact(db, [
    {
      Put: {
        TableName: db.table,
        Item: { ...purposeKeys.purpose(purpose.id), ...itemOf(purpose) },
      },
    },
    ...alsoWrite,
  ]);
}

export async function getPurposes(db: Db, ids: readonly string[]): Promise<(Purpose | null)[]> {
  const items = await batchGet(db, ids.map(purposeKeys.purpose));
  return items.map((item) => item && purposeOf(item));
}
