import { GetCommand, type NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db';
import { withoutKeys, type ItemKey } from './keys';

export type Item = Record<string, NativeAttributeValue>;

/** One item by its key, read consistently, without the table's key attributes; null when absent. */
export async function getItem(db: Db, key: ItemKey): Promise<Item | null> {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: { pk: key.pk, sk: key.sk }, ConsistentRead: true }),
  );
  return Item ? withoutKeys<Item>(Item) : null;
}

/**
 * An item as the entity it stores: the table's key attributes dropped, and
 * each of `nullable` that the item lacks (never written, or removed by an
 * update) set to null, so the domain sees `T | null` and never `undefined`.
 */
export function entityOf<T>(item: Item, nullable: readonly (keyof T & string)[] = []): T {
  const entity = withoutKeys<Item>(item);
  for (const field of nullable) entity[field] ??= null;
  return entity as T;
}

/**
 * The attributes an item stores for an entity: nulls are left out, so that
 * "absent" is the one way to be empty and conditions such as
 * `attribute_not_exists` mean what they say.
 */
export function itemOf(entity: object): Item {
  return Object.fromEntries(Object.entries(entity).filter(([, value]) => value !== null));
}
