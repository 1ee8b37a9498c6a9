/**
 * DynamoDB Local as the benchmark uses it: a fresh one per measurement, the
 * raw table a physical limit is measured on, and raw calls to its HTTP
 * endpoint (no SDK in between).
 */
import {
  CreateTableCommand,
  waitUntilTableExists,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { startEmbeddedDynamo } from '../local/dynamodb';
import { createDb, type Db } from '../store/db';
import { KEY } from '../store/keys';
import { tableDefinition } from '../store/table';

export type WireItem = Record<string, AttributeValue>;

/**
 * Runs `use` on a DynamoDB Local started for it alone, in memory, and stops it
 * after: stream records that an earlier measurement left behind slow every
 * later call on DynamoDB Local, so no measurement inherits another's.
 */
export async function withFreshDynamo<T>(use: (endpoint: string) => Promise<T>): Promise<T> {
  const dynamo = await startEmbeddedDynamo({ dataDir: null });
  try {
    return await use(dynamo.endpoint);
  } finally {
    await dynamo.stop();
  }
}

async function createTable(db: Db, definition: ReturnType<typeof tableDefinition>) {
  await db.client.send(new CreateTableCommand(definition));
  await waitUntilTableExists(
    { client: db.client, maxWaitTime: 60, minDelay: 1 },
    {
      TableName: definition.TableName,
    },
  );
}

/**
 * The table a physical limit is measured on: the project's key schema and
 * stream, no indexes.
 */
export async function createRawTable(endpoint: string, table: string): Promise<Db> {
  const db = createDb({ endpoint, table });
  const definition = tableDefinition(table);
  await createTable(db, {
    ...definition,
    AttributeDefinitions: definition.AttributeDefinitions?.filter(
      ({ AttributeName }) => AttributeName === KEY.pk || AttributeName === KEY.sk,
    ),
    GlobalSecondaryIndexes: undefined,
  });
  return db;
}

/**
 * The project's table with its stream off, to fill before `ensureTable`
 * switches the stream on: what was there before a measurement then adds no
 * stream records, which on DynamoDB Local (not on AWS) slow every later call.
 */
export async function createTableWithoutStream(endpoint: string, table: string): Promise<Db> {
  const db = createDb({ endpoint, table });
  await createTable(db, { ...tableDefinition(table), StreamSpecification: undefined });
  return db;
}

export type RawOperation = 'GetItem' | 'PutItem' | 'TransactWriteItems' | 'BatchWriteItem';

function amzDate(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
}

/**
 * The headers of a raw call. DynamoDB Local takes any well-formed Signature
 * Version 4 header, so this one is made up: no signing cost on the client.
 */
export function rawHeaders(operation: RawOperation): Record<string, string> {
  const date = amzDate(new Date());
  return {
    'content-type': 'application/x-amz-json-1.0',
    'x-amz-target': `DynamoDB_20120810.${operation}`,
    'x-amz-date': date,
    authorization:
      `AWS4-HMAC-SHA256 Credential=local/${date.slice(0, 8)}/us-east-1/dynamodb/aws4_request, ` +
      `SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=${'0'.repeat(64)}`,
  };
}

export async function sendRaw<T>(
  endpoint: string,
  operation: RawOperation,
  body: unknown,
): Promise<T> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: rawHeaders(operation),
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(`${operation} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

const WRITE_BATCH = 25;

/**
 * Puts items with raw BatchWriteItem calls, 25 items a call and `concurrency`
 * calls in flight, until DynamoDB Local has taken every one. Resolves to the
 * milliseconds it took.
 */
export async function rawBatchWrite(
  endpoint: string,
  table: string,
  items: WireItem[],
  options: { concurrency: number },
): Promise<number> {
  const started = performance.now();
  let next = 0;
  const writer = async () => {
    while (next < items.length) {
      const batch = items.slice(next, next + WRITE_BATCH);
      next += batch.length;
      let pending = batch.map((Item) => ({ PutRequest: { Item } }));
      while (pending.length > 0) {
        const answer = await sendRaw<{ UnprocessedItems?: Record<string, typeof pending> }>(
          endpoint,
          'BatchWriteItem',
          { RequestItems: { [table]: pending } },
        );
        pending = answer.UnprocessedItems?.[table] ?? [];
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, writer));
  return performance.now() - started;
}
