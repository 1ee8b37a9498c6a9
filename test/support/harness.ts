import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Caller } from '../../domain/caller';
import type { Services } from '../../domain/services';
import { createLocalHttpServer } from '../../local/http';
import { signLocalToken, type TokenSubject } from '../../local/tokens';
import { createApi, type Api } from '../../resolvers/context';
import { createApolloServer } from '../../resolvers/server';
import { createDb, type Db } from '../../store/db';
import { ensureTable } from '../../store/table';

export const TEST_SECRET = 'test-secret-of-at-least-thirty-two-bytes';

export const ADMIN = { role: 'ADMIN', sub: 'test-admin' } satisfies Caller;

/** A clock the test moves; it starts at the real time. */
export class TestClock {
  private offsetMs = 0;
  now = () => new Date(Date.now() + this.offsetMs);
  advance(ms: number) {
    this.offsetMs += ms;
  }
}

/** A table of its own on the run's DynamoDB Local, so test files never see each other's data. */
export async function createTestDb(): Promise<Db> {
  const endpoint = process.env.TEST_DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('The global setup did not start DynamoDB Local');
  const db = createDb({ endpoint, table: `test-${randomUUID()}` });
  await ensureTable(db);
  return db;
}

export interface TestApi {
  db: Db;
  api: Api;
  services: Services;
  clock: TestClock;
}

export async function createTestApi(): Promise<TestApi> {
  const db = await createTestDb();
  const clock = new TestClock();
  const api = createApi({ db, tokens: { kind: 'local', secret: TEST_SECRET }, now: clock.now });
  return { db, api, services: api.services, clock };
}

export function tokenFor(subject: TokenSubject): Promise<string> {
  return signLocalToken(TEST_SECRET, subject);
}

export interface GraphqlResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export type Gql = <T = Record<string, any>>( // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read answers loosely
  query: string,
  variables?: Record<string, unknown>,
  token?: string,
) => Promise<GraphqlResponse<T>>;

export interface TestServer extends TestApi {
  url: string;
  gql: Gql;
  close(): Promise<void>;
}

/** The local HTTP server over a fresh table, on a free port. */
export async function startTestServer(): Promise<TestServer> {
  const testApi = await createTestApi();
  const apollo = createApolloServer({ sandbox: true, logError: () => undefined });
  await apollo.start();
  const http = createLocalHttpServer();
  http.markReady(testApi.api, apollo);
  await new Promise<void>((resolve) => http.server.listen(0, '127.0.0.1', resolve));
  const { port } = http.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/graphql`;
  const gql: Gql = async (query, variables, token) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as object) };
  };
  return {
    ...testApi,
    url,
    gql,
    async close() {
      http.server.closeAllConnections();
      await new Promise((resolve) => http.server.close(resolve));
      await apollo.stop();
    },
  };
}

/** The error codes of a response, in order. */
export function codes(response: GraphqlResponse): (string | undefined)[] {
  return (response.errors ?? []).map((error) => error.extensions?.code);
}
