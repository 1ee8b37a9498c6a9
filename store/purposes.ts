import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
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

export async function getPurpose(db: Db, purposeId: string): Promise<PurposeRecord | null> {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: purposeKeys.purpose(purposeId) }),
  );
  return Item ? withoutKeys<PurposeRecord>(Item) : null;
}

/** Every purpose, in id order: the register of a few dozen at most. */
export async function listPurposes(db: Db): Promise<PurposeRecord[]> {
  const purposes: PurposeRecord[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const result = await db.doc.send(
      new QueryCommand({
        TableName: db.table,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': purposeKeys.partition },
        ExclusiveStartKey: startKey,
      }),
    );
    purposes.push(...(result.Items ?? []).map((item) => withoutKeys<PurposeRecord>(item)));
    startKey = result.LastEvaluatedKey;
  } while (startKey);
  return purposes;
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
