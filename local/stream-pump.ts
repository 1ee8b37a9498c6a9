import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  TrimmedDataAccessException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
  type Shard,
  type ShardIteratorType,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { NO_TELEMETRY, type Telemetry } from '../domain/services';
import {
  STREAM_FILTERS,
  STREAM_HANDLER_NAMES,
  STREAM_RETRY_ATTEMPTS,
  passesFilters,
  type StreamHandlerName,
} from '../lambdas/stream-filters';
import { backoffMs, sleep, type Backoff } from '../lib/retry';
import type { Db } from '../store/db';

export type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

export interface StreamPumpOptions {
  db: Db;
  endpoint: string;
  /** By name: each reads the stream on its own, through its own filters, and keeps its own position. */
  handlers: Record<StreamHandlerName, StreamHandler>;
  /** Where the position in each shard is kept across restarts; null keeps it in memory. */
  positionFile: string | null;
  pollMs?: number;
  /** Lines about the stream itself: ids and sequence numbers, never a record's image. */
  log?: (line: string) => void;
  /** Counts the records set aside (StreamRecordsSetAside). */
  telemetry?: Telemetry;
}

export interface StreamPump {
  stop(): Promise<void>;
}

interface ReaderPosition {
  /** The last sequence number handled in each shard. */
  sequence: Record<string, string>;
  /** Shards read to their end. */
  finished: string[];
}

interface Position {
  streamArn: string;
  /** One position per handler: each reads the stream on its own, as each event source mapping does. */
  readers: Record<string, ReaderPosition>;
}

/** A failed record is read again after this back-off; reading the stream, after the other. */
const FAILED_RECORD_BACKOFF: Backoff = { baseMs: 500, capMs: 5_000 };
const READ_FAILURE_BACKOFF: Backoff = { baseMs: 100, capMs: 2_000 };

/** How long a stream's list of shards is trusted before it is described again. */
const SHARDS_REDESCRIBED_MS = 1_000;

/**
 * A record handled this many times without success is set aside, as the
 * event source mappings send it to the dead-letter queue after their retries.
 */
const MAX_TRIES = 1 + STREAM_RETRY_ATTEMPTS;

function loadPosition(file: string | null, streamArn: string): Position {
  if (file) {
    try {
      const stored = JSON.parse(readFileSync(file, 'utf8')) as Position;
      if (stored.streamArn === streamArn && stored.readers) return stored;
    } catch {
      // No position yet: start at the oldest record the stream holds.
    }
  }
  return { streamArn, readers: {} };
}

function savePosition(file: string | null, position: Position) {
  if (!file) return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(position));
  renameSync(`${file}.tmp`, file);
}

type Image = NonNullable<DynamoDBRecord['dynamodb']>['NewImage'];

/**
 * The attribute values as Lambda writes them. The streams client reads an
 * empty map from DynamoDB Local as `{}`, which is no attribute value at all.
 */
function lambdaImage(image: Record<string, unknown> | undefined): Image {
  if (!image) return undefined;
  const fix = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    if (entries.length === 0) return { M: {} };
    const [[type, inner]] = entries as [[string, unknown]];
    if (type === 'M') {
      return {
        M: Object.fromEntries(
          Object.entries(inner as object).map(([key, item]) => [key, fix(item)]),
        ),
      };
    }
    if (type === 'L') return { L: (inner as unknown[]).map(fix) };
    return value;
  };
  return Object.fromEntries(
    Object.entries(image).map(([key, value]) => [key, fix(value)]),
  ) as Image;
}

/** The record as Lambda's DynamoDB event source passes it. */
function asLambdaRecord(record: _Record, streamArn: string): DynamoDBRecord {
  const change = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: record.eventVersion,
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion,
    eventSourceARN: streamArn,
    dynamodb: {
      ApproximateCreationDateTime: change.ApproximateCreationDateTime
        ? Math.floor(change.ApproximateCreationDateTime.getTime() / 1000)
        : undefined,
      Keys: lambdaImage(change.Keys),
      NewImage: lambdaImage(change.NewImage),
      OldImage: lambdaImage(change.OldImage),
      SequenceNumber: change.SequenceNumber,
      SizeBytes: change.SizeBytes,
      StreamViewType: change.StreamViewType,
    },
  };
}

/**
 * Feeds the table's stream to the same handlers Lambda runs, with the same
 * event shape. Each handler reads the stream on its own, as each of Lambda's
 * event source mappings does, so that slow mail never holds up a fan-out:
 * every shard, parents before children, one batch at a time, the position
 * saved after each batch so that a restart resumes where it stopped. A record
 * a handler reports as failed is read again from there, after a pause; after
 * as many tries as a mapping makes it is set aside (logged by its ids and
 * counted, as a mapping sends it to the dead-letter queue) and the records
 * after it go on. Like a mapping, each
 * reader passes its handler only the records its filter patterns match (the
 * patterns the stack gives the mappings, in lambdas/stream-filters.ts); the
 * rest are dropped for that handler and its position moves past them.
 */
export async function startStreamPump(options: StreamPumpOptions): Promise<StreamPump> {
  const pollMs = options.pollMs ?? 250;
  const log = options.log ?? (() => undefined);
  const telemetry = options.telemetry ?? NO_TELEMETRY;
  const { Table } = await options.db.client.send(
    new DescribeTableCommand({ TableName: options.db.table }),
  );
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn) throw new Error('The table has no stream');
  const arn: string = streamArn;
  const streams = new DynamoDBStreamsClient({
    endpoint: options.endpoint,
    region: await options.db.client.config.region(),
    credentials: await options.db.client.config.credentials(),
  });
  const saved = loadPosition(options.positionFile, streamArn);
  let stopped = false;

  /** The shards as last described: described again once a shard ends, or after a while for new ones. */
  let described: { at: number; shards: Shard[] } | null = null;
  async function shards(): Promise<Shard[]> {
    if (described && Date.now() - described.at < SHARDS_REDESCRIBED_MS) return described.shards;
    const all: Shard[] = [];
    let start: string | undefined;
    do {
      const { StreamDescription } = await streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }),
      );
      all.push(...(StreamDescription?.Shards ?? []));
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
    described = { at: Date.now(), shards: all };
    return all;
  }

  async function read(handler: StreamHandler, name: StreamHandlerName): Promise<void> {
    const position: ReaderPosition = (saved.readers[name] ??= { sequence: {}, finished: [] });
    const iterators = new Map<string, string>();
    const tries = new Map<string, number>();

    async function iteratorFor(shardId: string, at?: string): Promise<string | undefined> {
      const after = position.sequence[shardId];
      const type: ShardIteratorType = at
        ? 'AT_SEQUENCE_NUMBER'
        : after
          ? 'AFTER_SEQUENCE_NUMBER'
          : 'TRIM_HORIZON';
      try {
        const { ShardIterator } = await streams.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
            ShardId: shardId,
            ShardIteratorType: type,
            SequenceNumber: at ?? after,
          }),
        );
        return ShardIterator;
      } catch (error) {
        if (!(error instanceof TrimmedDataAccessException) || type === 'TRIM_HORIZON') throw error;
        // The saved position is older than the stream keeps (24 h): start from the oldest record left.
        log(
          'stream: the saved position was trimmed from the stream; reading from the oldest record',
        );
        position.sequence = Object.fromEntries(
          Object.entries(position.sequence).filter(([id]) => id !== shardId),
        );
        return iteratorFor(shardId);
      }
    }

    /** Reads one batch of a shard; true when it handled any record. */
    async function pumpShard(shardId: string): Promise<boolean> {
      const iterator = iterators.get(shardId) ?? (await iteratorFor(shardId));
      if (!iterator) {
        position.finished.push(shardId);
        return false;
      }
      let result;
      try {
        result = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
      } catch (error) {
        // An iterator that expired, or that DynamoDB Local now says points before the
        // oldest record (it does so now and then for an iterator it gave out): take a
        // new one. Kept, it would fail the same way on every later read.
        if (
          error instanceof ExpiredIteratorException ||
          error instanceof TrimmedDataAccessException
        ) {
          iterators.delete(shardId);
          return false;
        }
        throw error;
      }
      const records = result.Records ?? [];
      if (records.length > 0) {
        const passed = records
          .map((record) => asLambdaRecord(record, arn))
          .filter((record) => passesFilters(record, STREAM_FILTERS[name]));
        const failed = new Set<string>();
        // As on AWS, a batch that no filter lets through invokes nothing.
        if (passed.length > 0) {
          const response = await handler({ Records: passed });
          for (const failure of response.batchItemFailures ?? [])
            failed.add(failure.itemIdentifier);
          if (failed.size > 0) log(`stream: ${failed.size} of ${passed.length} records failed`);
        }
        const firstFailed = records.find((record) =>
          failed.has(record.dynamodb?.SequenceNumber ?? ''),
        );
        const sequence = firstFailed?.dynamodb?.SequenceNumber;
        if (firstFailed && sequence) {
          const count = (tries.get(sequence) ?? 0) + 1;
          tries.set(sequence, count);
          const setAside = count >= MAX_TRIES;
          if (setAside) {
            tries.delete(sequence);
            log(
              `stream: a record failed ${count} times and is set aside (handler ${name}, shard ${shardId}, sequence ${sequence}, event ${firstFailed.eventID})`,
            );
            telemetry.count('StreamRecordsSetAside', 1);
          }
          // Everything before the failed record is done, and the record too once set
          // aside: read again from it after a pause, or from the record after it at once.
          const done = setAside
            ? sequence
            : records[records.indexOf(firstFailed) - 1]?.dynamodb?.SequenceNumber;
          if (done) position.sequence[shardId] = done;
          savePosition(options.positionFile, saved);
          const next = setAside ? await iteratorFor(shardId) : await iteratorFor(shardId, sequence);
          iterators.set(shardId, next ?? '');
          if (!setAside) await sleep(backoffMs(count, FAILED_RECORD_BACKOFF));
          return true;
        }
        const last = records.at(-1)?.dynamodb?.SequenceNumber;
        if (last) position.sequence[shardId] = last;
        savePosition(options.positionFile, saved);
      }
      if (result.NextShardIterator) iterators.set(shardId, result.NextShardIterator);
      else {
        iterators.delete(shardId);
        position.finished.push(shardId);
        savePosition(options.positionFile, saved);
        described = null;
      }
      return records.length > 0;
    }

    async function pumpOnce(): Promise<boolean> {
      const finished = new Set(position.finished);
      const all = await shards();
      const known = new Set(all.map((shard) => shard.ShardId));
      let busy = false;
      for (const shard of all) {
        const id = shard.ShardId;
        if (!id || finished.has(id)) continue;
        // A child shard waits until its parent is read to the end.
        const parent = shard.ParentShardId;
        if (parent && known.has(parent) && !finished.has(parent)) continue;
        busy = (await pumpShard(id)) || busy;
      }
      return busy;
    }

    return (async () => {
      let failures = 0;
      while (!stopped) {
        let busy = false;
        try {
          busy = await pumpOnce();
          failures = 0;
        } catch (error) {
          failures += 1;
          log(`stream: reading failed (${(error as Error).name}); trying again`);
          await sleep(backoffMs(failures, READ_FAILURE_BACKOFF));
        }
        if (!busy && !stopped) await sleep(pollMs);
      }
    })();
  }

  const loops = STREAM_HANDLER_NAMES.map((name) => read(options.handlers[name], name));

  return {
    async stop() {
      stopped = true;
      await Promise.all(loops);
      streams.destroy();
    },
  };
}
