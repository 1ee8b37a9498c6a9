import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The table and the client that reaches it: what every store module works on. */
export interface Db {
  doc: DynamoDBDocumentClient;
  client: DynamoDBClient;
  table: string;
}

/** The region given when none is named: DynamoDB Local accepts any. */
export const LOCAL_REGION = 'us-east-1';

export interface DbSettings {
  table: string;
  /** A DynamoDB Local (or other) endpoint; AWS's own when absent. */
  endpoint?: string;
  region?: string;
  /**
   * Sign with placeholder keys rather than the SDK's credential chain: DynamoDB
   * Local accepts any, and a developer machine may have none. When absent:
   * whenever the endpoint is on this machine.
   */
  placeholderCredentials?: boolean;
  /** Wraps the client before use, e.g. to trace its calls. */
  captureClient?: (client: DynamoDBClient) => DynamoDBClient;
}

/**
 * A DynamoDB that stops answering (hung, or cut off by the network) fails a
 * call within about 13 s rather than the SDK's default five minutes: three
 * tries of at most 4 s without a byte each, so that a GraphQL request is
 * answered within the 15 s the API promises. A refused connection fails at
 * once and is tried again after the SDK's back-off.
 */
const CALL_TIMEOUTS = {
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 2_000, socketTimeout: 4_000 },
} satisfies Partial<DynamoDBClientConfig>;

export function isLoopback(endpoint: string): boolean {
  const host = new URL(endpoint).hostname;
  return host === 'localhost' || host === '[::1]' || host.startsWith('127.');
}

export function createDb(settings: DbSettings): Db {
  const config: DynamoDBClientConfig = {
    region: settings.region ?? LOCAL_REGION,
    ...CALL_TIMEOUTS,
  };
  if (settings.endpoint) {
    config.endpoint = settings.endpoint;
    if (settings.placeholderCredentials ?? isLoopback(settings.endpoint)) {
      config.credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    }
  }
  const plain = new DynamoDBClient(config);
  const client = settings.captureClient ? settings.captureClient(plain) : plain;
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return { doc, client, table: settings.table };
}
