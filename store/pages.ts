import {
  paginateQuery,
  type NativeAttributeValue,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
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

/** The partition and sort key attribute names of the table or of one of its indexes. */
function indexKeyNames(index: IndexName | undefined): [string, string] {
  const definition = INDEXES.find((candidate) => candidate.name === index);
  return definition ? [definition.pk, definition.sk] : [KEY.pk, KEY.sk];
}

function keyAttributes(index: IndexName | undefined): string[] {
  const names: string[] = [KEY.pk, KEY.sk];
  const definition = INDEXES.find((candidate) => candidate.name === index);
  if (definition) names.push(definition.pk, definition.sk);
  return names;
}

/** The Query that reads one partition (or a range of it) as `query` describes it. */
function queryInput(
  db: Db,
  query: PartitionQuery,
  startKey: StartKey | undefined,
): QueryCommandInput {
  const [partitionName, sortName] = indexKeyNames(query.index);
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
  return {
    TableName: db.table,
    IndexName: query.index,
    KeyConditionExpression: condition,
    FilterExpression: query.filter?.expression,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ScanIndexForward: !query.descending,
    ExclusiveStartKey: startKey,
  };
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
  const [partitionName, sortName] = indexKeyNames(query.index);
  const startKey = startKeyOf(page.after);
  if (startKey && (startKey[partitionName] !== query.partition || !(sortName in startKey))) {
    throw new InvalidCursor();
  }
  const items: T[] = [];
  const pages = paginateQuery(
    { client: db.doc, pageSize: page.limit + 1 },
    queryInput(db, query, startKey),
  );
  for await (const result of pages) {
    items.push(...((result.Items ?? []) as T[]));
    if (items.length > page.limit) break;
  }
  const hasMore = items.length > page.limit;
  const returned = items.slice(0, page.limit);
  const last = returned.at(-1);
  const attributes = keyAttributes(query.index);
  const lastKey = last
    ? Object.fromEntries(
        attributes.filter((name) => name in last).map((name) => [name, last[name]]),
      )
    : undefined;
  return { items: returned, cursor: hasMore ? cursorOf(lastKey) : null };
}

/** Every item of a partition (or a range of it), page by page: for partitions bounded by nature. */
export async function queryAll<T extends StartKey>(db: Db, query: PartitionQuery): Promise<T[]> {
  const items: T[] = [];
  const pages = paginateQuery({ client: db.doc }, queryInput(db, query, undefined));
  for await (const result of pages) items.push(...((result.Items ?? []) as T[]));
  return items;
}
