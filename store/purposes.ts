import { queryAll } from './pages';
import { batchGet } from './batch';
import type { Db } from './db';
import { purposeKeys, withoutKeys } from './keys';
import { transact, type TransactItem } from './transactions';

export interface PurposeRecord {
  id: string;
  name: string;
  description?: string | null;
  lawfulBasis: string;
  dataCategories: string[];
  retentionDays?: number | null;
  dpvPurpose?: string;
  updatedAt: string;
}

/** Every purpose, in id order: the register of a few dozen at most. */
export async function listPurposes(db: Db): Promise<PurposeRecord[]> {
  const items = await queryAll(db, { partition: purposeKeys.partition });
  return items.map((item) => withoutKeys<PurposeRecord>(item));
}

export async function putPurpose(db: Db, purpose: PurposeRecord, alsoWrite: TransactItem[]) {
  await transact(db, [
    { Put: { TableName: db.table, Item: { ...purposeKeys.purpose(purpose.id), ...purpose } } },
    ...alsoWrite,
  ]);
}

export async function getPurposes(
  db: Db,
  ids: readonly string[],
): Promise<(PurposeRecord | null)[]> {
  const items = await batchGet(db, ids.map(purposeKeys.purpose));
  return items.map((item) => (item ? withoutKeys<PurposeRecord>(item) : null));
}
