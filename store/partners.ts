import type { Partner } from '../domain/types';
import { batchGet } from './batch';
import type { Db } from './db';
import { entityOf, getItem, itemOf } from './items';
import { partnerKeys } from './keys';
import { queryAll } from './pages';
import { transact, type TransactItem } from './transactions';

const PARTNER_NULLABLE = ['country', 'webhookUrl', 'webhookSecret'] as const;

export async function getPartner(db: Db, partnerId: string): Promise<Partner | null> {
  const item = await getItem(db, partnerKeys.partner(partnerId));
  return item && entityOf<Partner>(item, PARTNER_NULLABLE);
}

export async function getPartners(db: Db, ids: readonly string[]): Promise<(Partner | null)[]> {
  const items = await batchGet(db, ids.map(partnerKeys.partner));
  return items.map((item) => item && entityOf<Partner>(item, PARTNER_NULLABLE));
}

/** Every partner, in id order: recipients are counted in dozens, not thousands. */
export async function listPartners(db: Db): Promise<Partner[]> {
  const items = await queryAll(db, { partition: partnerKeys.partition });
  return items.map((item) => entityOf<Partner>(item, PARTNER_NULLABLE));
}

export async function putPartner(db: Db, partner: Partner, alsoWrite: TransactItem[]) {
  await transact(db, [
    {
      Put: {
        TableName: db.table,
        Item: { ...partnerKeys.partner(partner.id), ...itemOf(partner) },
      },
    },
    ...alsoWrite,
  ]);
}
