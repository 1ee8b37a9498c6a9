import { BatchWriteCommand, TransactWriteCommand, BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient, DescribeStreamCommand, GetShardIteratorCommand, GetRecordsCommand } from '@aws-sdk/client-dynamodb-streams';
import { startEmbeddedDynamo } from './local/dynamodb';
import { createDb } from './store/db';
import { ensureTable } from './store/table';
const N = 5000;
async function pool<T>(items: T[], conc: number, fn: (t: T) => Promise<unknown>) {
  let i = 0;
  await Promise.all(Array.from({ length: conc }, async () => { while (i < items.length) { const t = items[i++]!; await fn(t); } }));
}
async function time(label: string, count: number, fn: () => Promise<unknown>) {
  const t = Date.now(); await fn(); const ms = Date.now() - t;
  console.log(`${label}: ${ms} ms, ${Math.round(count * 1000 / ms)} /s`);
}
const chunks = <T,>(a: T[], n: number) => Array.from({ length: Math.ceil(a.length / n) }, (_, i) => a.slice(i * n, i * n + n));
async function main() {
  const ids = Array.from({ length: N }, (_, i) => `p${String(i).padStart(7, '0')}`);
  const body = 'x'.repeat(1000);
  const dyn = await startEmbeddedDynamo({ dataDir: null });
  const db = createDb({ endpoint: dyn.endpoint, table: 'proj' });
  await ensureTable(db);
  const item = (id: string, status: string) => ({ pk: `SUBJECT#${id}`, sk: 'DELIVERY#x', gsi1pk: 'DELIVERIES', gsi1sk: id, gsi2pk: `DELIVERIES#${status}`, gsi2sk: id, body, attempts: 0, status });
  await time('batch write deliveries', N, () => pool(chunks(ids, 25), 4, (c) => db.doc.send(new BatchWriteCommand({ RequestItems: { proj: c.map((id) => ({ PutRequest: { Item: item(id, 'PENDING') } })) } }))));
  await time('batch get', N, () => pool(chunks(ids, 100), 4, (c) => db.doc.send(new BatchGetCommand({ RequestItems: { proj: { ConsistentRead: true, Keys: c.map((id) => ({ pk: `SUBJECT#${id}`, sk: 'DELIVERY#x' })) } } }))));
  await time('transact 100 updates', N, () => pool(chunks(ids, 100), 4, (c) => db.doc.send(new TransactWriteCommand({ TransactItems: c.map((id) => ({ Update: { TableName: 'proj', Key: { pk: `SUBJECT#${id}`, sk: 'DELIVERY#x' }, UpdateExpression: 'SET gsi2pk = :s, attempts = :a, #st = :st REMOVE body', ConditionExpression: 'attempts = :z AND #st = :p', ExpressionAttributeNames: { '#st': 'status' }, ExpressionAttributeValues: { ':s': 'DELIVERIES#SENT', ':a': 1, ':z': 0, ':p': 'PENDING', ':st': 'SENT' } } })) }))));
  const { Table } = await db.client.send(new DescribeTableCommand({ TableName: 'proj' }));
  const streams = new DynamoDBStreamsClient({ endpoint: dyn.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
  const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: Table!.LatestStreamArn! }));
  for (const reader of [1, 2]) {
    await time(`stream reader ${reader} (2N records)`, 2 * N, async () => {
      for (const shard of StreamDescription!.Shards!) {
        let it = (await streams.send(new GetShardIteratorCommand({ StreamArn: Table!.LatestStreamArn!, ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
        while (it) { const r = await streams.send(new GetRecordsCommand({ ShardIterator: it, Limit: 100 })); if (!r.Records?.length) break; it = r.NextShardIterator; }
      }
    });
  }
  await dyn.stop();
}
void main();
