import {
  BatchGetCommand,
  BatchWriteCommand,
  type BatchGetCommandOutput,
  type BatchWriteCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { mapConcurrently } from '../lib/concurrency';
import { backoffMs, sleep, type Backoff } from '../lib/retry';
import type { Db } from './db';
import type { Item } from './items';
import { withoutKeys, type ItemKey } from './keys';

const GET_BATCH = 100;
const WRITE_BATCH = 25;
/** Calls of one batch read or write in flight at once. */
const CALLS_IN_FLIGHT = 4;
/** Unprocessed keys or items mean the table is busy: wait a little longer each time. */
const UNPROCESSED_BACKOFF: Backoff = { baseMs: 50, capMs: 3_200 };

function chunks<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, index) =>
    items.slice(index * size, (index + 1) * size),
  );
}

function keyId(key: { pk: unknown; sk: unknown }): string {
  return `${String(key.pk)}\u0000${String(key.sk)}`;
}

/**
 * Reads items by key in as few round trips as DynamoDB allows, without the
 * table's key attributes; the answer follows the keys' order, null where absent.
 */
export async function batchGet(
  db: Db,
  keys: readonly ItemKey[],
  options: { consistent?: boolean } = {},
): Promise<(Item | null)[]> {
  const found = new Map<string, Item>();
  const unique = [...new Map(keys.map((key) => [keyId(key), { pk: key.pk, sk: key.sk }])).values()];
  await mapConcurrently(chunks(unique, GET_BATCH), CALLS_IN_FLIGHT, async (chunk) => {
    let pending: Record<string, unknown>[] | undefined = chunk;
    for (let retry = 0; pending && pending.length > 0; retry += 1) {
      if (retry > 0) await sleep(backoffMs(retry, UNPROCESSED_BACKOFF));
      const result: BatchGetCommandOutput = await db.doc.send(
        new BatchGetCommand({
          RequestItems: { [db.table]: { Keys: pending, ConsistentRead: options.consistent } },
        }),
      );
      for (const item of result.Responses?.[db.table] ?? []) {
        found.set(keyId(item as ItemKey), withoutKeys<Item>(item));
      }
      pending = result.UnprocessedKeys?.[db.table]?.Keys;
    }
  });
  return keys.map((key) => found.get(keyId(key)) ?? null);
}

export type WriteRequest =
  { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: ItemKey } };

/** Writes or deletes many items, 25 a call, until DynamoDB has taken all of them. */
export async function batchWrite(db: Db, requests: WriteRequest[]): Promise<void> {
  await mapConcurrently(chunks(requests, WRITE_BATCH), CALLS_IN_FLIGHT, async (chunk) => {
    let pending: WriteRequest[] | undefined = chunk;
    for (let retry = 0; pending && pending.length > 0; retry += 1) {
      if (retry > 0) await sleep(backoffMs(retry, UNPROCESSED_BACKOFF));
      const result: BatchWriteCommandOutput = await db.doc.send(
        new BatchWriteCommand({ RequestItems: { [db.table]: pending } }),
      );
      pending = result.UnprocessedItems?.[db.table] as WriteRequest[] | undefined;
    }
  });
}

/** Deletes items by key. */
export async function deleteItems(db: Db, keys: ItemKey[]): Promise<void> {
  await batchWrite(
    db,
    keys.map((key) => ({ DeleteRequest: { Key: { pk: key.pk, sk: key.sk } } })),
  );
}
