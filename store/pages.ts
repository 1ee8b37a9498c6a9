import {
  paginateQuery,
  type NativeAttributeValue,
  type QueryCommandInput,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import type { Db } from './db';
import { INDEXES, KEY, shardPartition, type IndexName } from './keys';

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

export interface PartitionQuery {
  /** A global secondary index, or the table itself when absent. */
  index?: IndexName;
  /** The partition; with `shards`, the name of the listing whose shards are `<partition>#00`… */
  partition: string;
  /** The listing is sharded (store/keys.ts): its shards are read in parallel and merged in order. */
  shards?: number;
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
  partition: string,
  startKey: StartKey | undefined,
): QueryCommandInput {
  const [partitionName, sortName] = indexKeyNames(query.index);
  const names: Record<string, string> = { '#p': partitionName, ...query.filter?.names };
  const values: StartKey = { ':p': partition, ...query.filter?.values };
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

/*
 * A cursor holds where a page stopped: the key of the last item returned, its
 * index partition named by the listing rather than by the item's shard. Items
 * come back in sort-key order across all shards, so every shard resumes right
 * after that one item: the one position is each shard's position.
 */
function cursorOf(position: StartKey): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** Reads a cursor back into the position it holds, which must be in this listing. */
function positionOf(
  cursor: string | null | undefined,
  query: PartitionQuery,
): StartKey | undefined {
  if (cursor === undefined || cursor === null) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursor();
  }
  const fields =
    decoded !== null && typeof decoded === 'object' && !Array.isArray(decoded)
      ? (decoded as Record<string, unknown>)
      : {};
  const [partitionName] = indexKeyNames(query.index);
  const names = keyAttributes(query.index);
  if (
    !names.every((name) => typeof fields[name] === 'string') ||
    fields[partitionName] !== query.partition
  ) {
    throw new InvalidCursor();
  }
  return Object.fromEntries(names.map((name) => [name, fields[name]]));
}

/** The partitions a query reads: the shards of a sharded listing, else its one partition. */
function partitionsOf(query: PartitionQuery): string[] {
  return query.shards === undefined
    ? [query.partition]
    : Array.from({ length: query.shards }, (_, shard) => shardPartition(query.partition, shard));
}

/** One shard's items in sort-key order, fetched a page at a time as the merge asks for them. */
class ShardReader<T extends StartKey> {
  private items: T[] = [];
  private next = 0;
  private finished = false;

  constructor(private readonly pages: AsyncIterator<QueryCommandOutput>) {}

  /** The shard's next item, or undefined once it has no more. */
  async head(): Promise<T | undefined> {
    while (this.next === this.items.length && !this.finished) {
      const page = await this.pages.next();
      if (page.done) this.finished = true;
      else [this.items, this.next] = [(page.value.Items ?? []) as T[], 0];
    }
    return this.items[this.next];
  }

  take(): void {
    this.next += 1;
  }
}

/** DynamoDB orders string keys by their UTF-8 bytes. */
function compareKeys(a: unknown, b: unknown): number {
  return Buffer.compare(Buffer.from(String(a)), Buffer.from(String(b)));
}

/**
 * Up to `count` items of the query from `position` on, in sort-key order: one
 * lib-dynamodb paginator per partition, and for a sharded listing all of them
 * read in parallel and merged, so that it reads as one partition would.
 */
async function readInOrder<T extends StartKey>(
  db: Db,
  query: PartitionQuery,
  position: StartKey | undefined,
  count: number,
) {
  const [partitionName, sortName] = indexKeyNames(query.index);
  const partitions = partitionsOf(query);
  // About three times a shard's share of the items asked for, so that the merge
  // seldom waits for a second read of a shard; one partition is asked for all.
  const pageSize = Number.isFinite(count)
    ? Math.min(count, Math.ceil((3 * count) / partitions.length) + 2)
    : undefined;
  const pagesOf = (partition: string) =>
    paginateQuery(
      { client: db.doc, pageSize },
      queryInput(db, query, partition, position && { ...position, [partitionName]: partition }),
    );

  const items: T[] = [];
  if (query.shards === undefined) {
    for await (const page of pagesOf(query.partition)) {
      items.push(...((page.Items ?? []) as T[]));
      if (items.length >= count) break;
    }
    return items.slice(0, count);
  }
  const shards = partitions.map(
    (partition) => new ShardReader<T>(pagesOf(partition)[Symbol.asyncIterator]()),
  );
  const direction = query.descending ? -1 : 1;
  while (items.length < count) {
    const heads = await Promise.all(shards.map((shard) => shard.head()));
    let first: number | undefined;
    for (const [index, item] of heads.entries()) {
      const best = first === undefined ? undefined : heads[first];
      if (item && (!best || direction * compareKeys(item[sortName], best[sortName]) < 0)) {
        first = index;
      }
    }
    const item = first === undefined ? undefined : heads[first];
    if (first === undefined || !item) break;
    shards[first]?.take();
    items.push(item);
  }
  return items;
}

/**
 * One page of a partition, or of a sharded listing's shards merged, in
 * sort-key order. Reads one item more than asked so that `cursor` is set only
 * when another item really follows.
 */
export async function queryPage<T extends StartKey>(
  db: Db,
  query: PartitionQuery,
  page: PageRequest,
): Promise<Page<T>> {
  const items = await readInOrder<T>(db, query, positionOf(page.after, query), page.limit + 1);
  const returned = items.slice(0, page.limit);
  const last = returned.at(-1);
  if (items.length <= page.limit || !last) return { items: returned, cursor: null };
  const [partitionName] = indexKeyNames(query.index);
  const position = Object.fromEntries(keyAttributes(query.index).map((name) => [name, last[name]]));
  return { items: returned, cursor: cursorOf({ ...position, [partitionName]: query.partition }) };
}

/** Every item of a partition (or a range of it), page by page: for partitions bounded by nature. */
export async function queryAll<T extends StartKey>(db: Db, query: PartitionQuery): Promise<T[]> {
  return readInOrder<T>(db, query, undefined, Infinity);
}
