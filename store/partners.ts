import type { Partner } from '../domain/types';
import { batchGet } from './batch';
import type { Db } from './db';
import { entityOf, getItem, itemOf } from './items';
import { partnerKeys } from './keys';
import { queryAll } from './pages';
import { transact, type TransactItem } from './transactions';

const PARTNER_NULLABLE = [
  'country',
  'webhookUrl',
  'webhookSecret',
  'clientId',
  'role',
  'contact',
  'processingMethod',
  'rightsProcedure',
  'disclosedPurposes',
  'disclosedCategories',
] as const;

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

/** The partner whose system signs in as this Cognito app client; null when none records it. */
export async function partnerIdOfClient(db: Db, clientId: string): Promise<string | null> {
  const item = await getItem(db, partnerKeys.client(clientId));
  return typeof item?.partnerId === 'string' ? item.partnerId : null;
}

/**
 * Records `clientId` as the partner's app client in place of `replacing` (null
 * when it had none): the partner's change, the lookup from the client to the
 * partner, the old lookup's removal and `alsoWrite`, in one transaction. A
 * partner that is gone, or whose client changed since it was read, fails the
 * transaction's conditions (ConditionFailed).
 */
export async function putPartnerClient(
  db: Db,
  change: { partnerId: string; clientId: string; replacing: string | null; updatedAt: string },
  alsoWrite: TransactItem[],
) {
  const { partnerId, clientId, replacing, updatedAt } = change;
  await transact(db, [
    {
      Update: {
        TableName: db.table,
        Key: partnerKeys.partner(partnerId),
        UpdateExpression: 'SET clientId = :client, updatedAt = :at',
        ConditionExpression:
          replacing === null
            ? 'attribute_exists(pk) AND attribute_not_exists(clientId)'
            : 'clientId = :replacing',
        ExpressionAttributeValues: {
          ':client': clientId,
          ':at': updatedAt,
          ...(replacing === null ? {} : { ':replacing': replacing }),
        },
      },
    },
    {
      Put: {
        TableName: db.table,
        Item: { ...partnerKeys.client(clientId), partnerId },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...(replacing === null
      ? []
      : [{ Delete: { TableName: db.table, Key: partnerKeys.client(replacing) } }]),
    ...alsoWrite,
  ]);
}
