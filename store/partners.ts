import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet } from './batch';
import type { Db } from './db';
import { partnerKeys, withoutKeys } from './keys';
import { queryAll } from './pages';
import { transact, type TransactItem } from './transactions';

export interface PartnerRecord {
  id: string;
  name: string;
  kind: string;
  country?: string | null;
  webhookUrl?: string | null;
  /** Write-only through the API: read here only to sign webhooks. */
  webhookSecret?: string | null;
  updatedAt: string;
}

export async function getPartner(db: Db, partnerId: string): Promise<PartnerRecord | null> {
  const { Item } = await db.doc.send(
    new GetCommand({
      TableName: db.table,
      Key: partnerKeys.partner(partnerId),
      ConsistentRead: true,
    }),
  );
  return Item ? withoutKeys<PartnerRecord>(Item) : null;
}

export async function getPartners(
  db: Db,
  ids: readonly string[],
): Promise<(PartnerRecord | null)[]> {
  const items = await batchGet(db, ids.map(partnerKeys.partner));
  return items.map((item) => (item ? withoutKeys<PartnerRecord>(item) : null));
}

/** Every partner, in id order: recipients are counted in dozens, not thousands. */
export async function listPartners(db: Db): Promise<PartnerRecord[]> {
  const items = await queryAll(db, { partition: partnerKeys.partition });
  return items.map((item) => withoutKeys<PartnerRecord>(item));
}

export async function putPartner(db: Db, partner: PartnerRecord, alsoWrite: TransactItem[]) {
  await transact(db, [
    { Put: { TableName: db.table, Item: { ...partnerKeys.partner(partner.id), ...partner } } },
    ...alsoWrite,
  ]);
}
