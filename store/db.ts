import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The table and the client that reaches it: what every store module works on. */
export interface Db {
  doc: DynamoDBDocumentClient;
  client: DynamoDBClient;
  table: string;
}

export interface DbSettings {
  table: string;
  /** A DynamoDB Local (or other) endpoint; AWS's own when absent. */
  endpoint?: string;
  region?: string;
}

function isLoopback(endpoint: string): boolean {
  const host = new URL(endpoint).hostname;
  return host === 'localhost' || host === '[::1]' || host.startsWith('127.');
}

export function createDb(settings: DbSettings): Db {
  const config: DynamoDBClientConfig = {
    region: settings.region ?? process.env.AWS_REGION ?? 'us-east-1',
    maxAttempts: 5,
  };
  if (settings.endpoint) {
    config.endpoint = settings.endpoint;
    // DynamoDB Local accepts any credentials; a developer machine may have none.
    if (isLoopback(settings.endpoint) && !process.env.AWS_ACCESS_KEY_ID) {
      config.credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    }
  }
  const client = new DynamoDBClient(config);
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return { doc, client, table: settings.table };
}
