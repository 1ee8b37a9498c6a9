import { QueryCommand, type NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db';
import { INDEXES, KEY, type IndexName } from './keys';

export type StartKey = Record<string, NativeAttributeValue>;

export interface PageRequest {
  limit: number;
  /** Where the previous page stopped, as `cursorOf` encoded it. */
  after?: string | null;
}

export interface Page<T> {
  items: T[];
  /** Set when more items may follow. */
  cursor: string | null;
}

/** The cursor could not have come from this API. */
export class InvalidCursor extends Error {
  constructor() {
    super('The cursor is not valid');
    this.name = 'InvalidCursor';
  }
}

function cursorOf(key: StartKey | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null;
}

/** Reads a cursor back into the key it holds; only string key attributes are accepted. */
function startKeyOf(cursor: string | null | undefined): StartKey | undefined {
  if (cursor === undefined || cursor === null) return undefined;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      key !== null &&
      typeof key === 'object' &&
      !Array.isArray(key) &&
      Object.keys(key).length > 0 &&
      Object.values(key).every((value) => typeof value === 'string')
    ) {
      return key as StartKey;
    }
  } catch {
    // Falls through to the error below: a cursor that is not ours.
  }
  throw new InvalidCursor();
}

export interface PartitionQuery {
  /** A global secondary index, or the table itself when absent. */
  index?: IndexName;
  partition: string;
  /** Only sort keys that start with this. */
  sortPrefix?: string;
  /** Only sort keys from this one on (inclusive). */
  sortFrom?: string;
  /** Only sort keys up to this one (inclusive). */
  sortTo?: string;
  /** Newest (highest sort key) first when true. */
  descending?: boolean;
  /** A FilterExpression over the partition's items, with its values. */
  filter?: { expression: string; names?: Record<string, string>; values?: StartKey };
}

function keyAttributes(index: IndexName | undefined): string[] {
  const names: string[] = [KEY.pk, KEY.sk];
  const definition = INDEXES.find((candidate) => candidate.name === index);
  if (definition) names.push(definition.pk, definition.sk);
  return names;
}

/**
 * One page of one partition, in sort-key order. Reads one item more than asked
 * so that `cursor` is set only when another item really follows.
 */
export async function queryPage<T extends StartKey>(
  db: Db,
  query: PartitionQuery,
  page: PageRequest,
): Promise<Page<T>> {
  const attributes = keyAttributes(query.index);
  const partitionName = attributes[query.index ? 2 : 0] as string;
  const sortName = attributes[query.index ? 3 : 1] as string;
  let startKey = startKeyOf(page.after);
  if (startKey && (startKey[partitionName] !== query.partition || !(sortName in startKey))) {
    throw new InvalidCursor();
  }
  const names: Record<string, string> = { '#p': partitionName, ...query.filter?.names };
  const values: StartKey = { ':p': query.partition, ...query.filter?.values };
  let condition = '#p = :p';
  if (query.sortPrefix) {
    names['#s'] = sortName;
    values[':s'] = query.sortPrefix;
    condition += ' AND begins_with(#s, :s)';
  } else if (query.sortFrom !== undefined && query.sortTo !== undefined) {
    names['#s'] = sortName;
    Object.assign(values, { ':from': query.sortFrom, ':to': query.sortTo });
    condition += ' AND #s BETWEEN :from AND :to';
  } else if (query.sortFrom !== undefined || query.sortTo !== undefined) {
    names['#s'] = sortName;
    values[':s'] = query.sortFrom ?? query.sortTo;
    condition += query.sortFrom !== undefined ? ' AND #s >= :s' : ' AND #s <= :s';
  }
  const items: T[] = [];
  do {
    const result = await db.doc.send(
      new QueryCommand({
        TableName: db.table,
        IndexName: query.index,
        KeyConditionExpression: condition,
        FilterExpression: query.filter?.expression,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ScanIndexForward: !query.descending,
        ExclusiveStartKey: startKey,
        Limit: page.limit + 1 - items.length,
      }),
    );
    items.push(...((result.Items ?? []) as T[]));
    startKey = result.LastEvaluatedKey;
  } while (startKey && items.length <= page.limit);

  const hasMore = items.length > page.limit;
  const returned = items.slice(0, page.limit);
  const last = returned.at(-1);
  const lastKey = last
    ? Object.fromEntries(
        attributes.filter((name) => name in last).map((name) => [name, last[name]]),
      )
    : undefined;
  return { items: returned, cursor: hasMore ? cursorOf(lastKey) : null };
}

/** Every item of a partition (or a range of it), read page by page: for partitions bounded by nature. */
export async function queryAll<T extends StartKey>(db: Db, query: PartitionQuery): Promise<T[]> {
  const items: T[] = [];
  let after: string | null = null;
  do {
    const page: Page<T> = await queryPage<T>(db, query, { limit: 500, after });
    items.push(...page.items);
    after = page.cursor;
  } while (after);
  return items;
}
