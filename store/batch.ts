import { BatchGetCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
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
