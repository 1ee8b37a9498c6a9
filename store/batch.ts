import {
  BatchGetCommand,
  BatchWriteCommand,
  type BatchGetCommandOutput,
  type BatchWriteCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import type { Db } from './db';
import type { ItemKey } from './keys';

const BATCH_SIZE = 100;

/** Reads items by key in as few round trips as DynamoDB allows; the answer follows the keys' order. */
export async function batchGet(
  db: Db,
  keys: readonly ItemKey[],
): Promise<(Record<string, unknown> | null)[]> {
  const found = new Map<string, Record<string, unknown>>();
  const id = (key: { pk: unknown; sk: unknown }) => `${String(key.pk)}\u0000${String(key.sk)}`;
  const unique = [...new Map(keys.map((key) => [id(key), { pk: key.pk, sk: key.sk }])).values()];
  for (let start = 0; start < unique.length; start += BATCH_SIZE) {
    let pending: Record<string, unknown>[] | undefined = unique.slice(start, start + BATCH_SIZE);
    while (pending && pending.length > 0) {
      const result: BatchGetCommandOutput = await db.doc.send(
        new BatchGetCommand({ RequestItems: { [db.table]: { Keys: pending } } }),
      );
      for (const item of result.Responses?.[db.table] ?? []) {
        found.set(id(item as ItemKey), item);
      }
      pending = result.UnprocessedKeys?.[db.table]?.Keys;
    }
  }
  return keys.map((key) => found.get(id(key)) ?? null);
}

export type WriteRequest =
  { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: ItemKey } };

/** Writes or deletes many items, 25 a call, until DynamoDB has taken all of them. */
export async function batchWrite(db: Db, requests: WriteRequest[]): Promise<void> {
  for (let start = 0; start < requests.length; start += 25) {
    let pending: WriteRequest[] | undefined = requests.slice(start, start + 25);
    for (let attempt = 0; pending && pending.length > 0; attempt += 1) {
      if (attempt > 0)
        await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** Math.min(attempt, 6)));
      const result: BatchWriteCommandOutput = await db.doc.send(
        new BatchWriteCommand({ RequestItems: { [db.table]: pending } }),
      );
      pending = result.UnprocessedItems?.[db.table] as WriteRequest[] | undefined;
    }
  }
}

/** Deletes items by key. */
export async function deleteItems(db: Db, keys: ItemKey[]): Promise<void> {
  await batchWrite(
    db,
    keys.map((key) => ({ DeleteRequest: { Key: { pk: key.pk, sk: key.sk } } })),
  );
}
