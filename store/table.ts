import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db';
import { INDEXES, KEY, TTL_ATTRIBUTE } from './keys';

/** The table as CreateTable describes it: the local runtime and the tests create it from this. */
export function tableDefinition(table: string): CreateTableCommandInput {
  const keyNames = [KEY.pk, KEY.sk, ...INDEXES.flatMap((index) => [index.pk, index.sk])];
  return {
    TableName: table,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: keyNames.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: KEY.pk, KeyType: 'HASH' },
      { AttributeName: KEY.sk, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: INDEXES.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.pk, KeyType: 'HASH' },
        { AttributeName: index.sk, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  };
}

/**
 * Creates the table with its stream when it is missing, and turns the stream
 * and the time to live on where they are off.
 */
export async function ensureTable(db: Db): Promise<void> {
  try {
    const { Table } = await db.client.send(new DescribeTableCommand({ TableName: db.table }));
    if (!Table?.StreamSpecification?.StreamEnabled) {
      await db.client.send(
        new UpdateTableCommand({
          TableName: db.table,
          StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
        }),
      );
    }
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await createTable(db);
  }
  await waitUntilTableExists(
    { client: db.client, maxWaitTime: 60, minDelay: 1 },
    { TableName: db.table },
  );
  await ensureTimeToLive(db);
}

/** Another process starting at the same moment may create it first: then it is there, as wanted. */
async function createTable(db: Db): Promise<void> {
  try {
    await db.client.send(new CreateTableCommand(tableDefinition(db.table)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
}

/** DynamoDB deletes items once their TTL attribute passes (DynamoDB Local keeps them: reads filter). */
async function ensureTimeToLive(db: Db): Promise<void> {
  const { TimeToLiveDescription } = await db.client.send(
    new DescribeTimeToLiveCommand({ TableName: db.table }),
  );
  const status = TimeToLiveDescription?.TimeToLiveStatus;
  if (status === 'ENABLED' || status === 'ENABLING') return;
  await db.client.send(
    new UpdateTimeToLiveCommand({
      TableName: db.table,
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
    }),
  );
}

/** True when the table holds no item at all (read once at start-up, never on a request path). */
export async function isTableEmpty(db: Db): Promise<boolean> {
  const { Items } = await db.doc.send(new ScanCommand({ TableName: db.table, Limit: 1 }));
  return (Items ?? []).length === 0;
}
