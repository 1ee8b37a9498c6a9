import { startEmbeddedDynamo } from '../../local/dynamodb';

/** One DynamoDB Local, in memory, for the whole run; each test file makes its own table in it. */
export default async function globalSetup() {
  const dynamo = await startEmbeddedDynamo({ dataDir: null });
  process.env.TEST_DYNAMODB_ENDPOINT = dynamo.endpoint;
  (globalThis as { testDynamo?: typeof dynamo }).testDynamo = dynamo;
}
