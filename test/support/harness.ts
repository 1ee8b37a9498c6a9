import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMailSender } from '../../adapters/mail';
import { createLogger } from '../../adapters/telemetry';
import { createWebhookSender } from '../../adapters/webhooks';
import { startDueDeliveriesJob } from '../../local/jobs';
import { streamHandlers } from '../../local/stream-handlers';
import { startStreamPump } from '../../local/stream-pump';
import type { AddressInfo } from 'node:net';
import type { Caller } from '../../domain/caller';
import type { RetrySchedule } from '../../domain/retry-schedule';
import type { Senders } from '../../domain/senders';
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

export interface TestApiOptions {
  /** Serve this table rather than a fresh one: two servers on one table are two instances. */
  db?: Db;
  /** The staleness bound of the notice cache, PRIVACY_OPS_NOTICE_CACHE_SECONDS. */
  noticeCacheSeconds?: number;
  /** When failed deliveries are tried again (PRIVACY_OPS_RETRY_*): the contract's unless given. */
  retrySchedule?: RetrySchedule;
}

export async function createTestApi(options: TestApiOptions = {}): Promise<TestApi> {
  const db = options.db ?? (await createTestDb());
  const clock = new TestClock();
  const api = createApi({
    db,
    tokens: { kind: 'local', secret: TEST_SECRET },
    now: clock.now,
    logger: createLogger('SILENT'),
    noticeCacheSeconds: options.noticeCacheSeconds,
    retrySchedule: options.retrySchedule,
  });
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
  /** Where mail lands when the stream handlers run. */
  mailDir: string;
  close(): Promise<void>;
}

export interface TestServerOptions extends TestApiOptions {
  /** Runs the stream handlers over the table's stream, and the due deliveries' job, as npm start does. */
  stream?: boolean;
}

/** How often a test server's due job looks for deliveries due. */
const TEST_DUE_POLL_MS = 100;

/** The local HTTP server over a fresh table (or the one given), on a free port. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const testApi = await createTestApi(options);
  const mailDir = mkdtempSync(join(tmpdir(), 'privacy-ops-mail-'));
  const senders: Senders = {
    mail: createMailSender({ kind: 'files', dir: mailDir, from: 'privacy@example.org' }),
    webhook: createWebhookSender(),
  };
  const pump = options.stream
    ? await startStreamPump({
        db: testApi.db,
        endpoint: process.env.TEST_DYNAMODB_ENDPOINT ?? '',
        handlers: streamHandlers(testApi.services, senders, testApi.api.logger),
        positionFile: null,
        pollMs: 100,
        log: (line) => console.error(line),
      })
    : null;
  const dueDeliveries = options.stream
    ? startDueDeliveriesJob(testApi.services, senders, testApi.api.logger, TEST_DUE_POLL_MS)
    : null;
  const apollo = createApolloServer({ sandbox: true, logger: testApi.api.logger });
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
    mailDir,
    async close() {
      await dueDeliveries?.stop();
      await pump?.stop();
      rmSync(mailDir, { recursive: true, force: true });
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

export interface ReceivedMail {
  file: string;
  topic: string;
  to: string;
  raw: string;
}

/** The mails in a folder, as files the local runtime wrote. */
export function mails(dir: string): ReceivedMail[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.eml'))
    .map((file) => {
      const raw = readFileSync(join(dir, file), 'utf8');
      return {
        file,
        raw,
        topic: /^X-Privacy-Ops-Topic: (.+)$/im.exec(raw)?.[1]?.trim() ?? '',
        to: /^To: (.+)$/im.exec(raw)?.[1]?.trim() ?? '',
      };
    });
}

/** Waits until a mail matching `match` lands, for at most `ms`. */
export async function waitForMail(
  dir: string,
  match: (mail: ReceivedMail) => boolean,
  ms = 10_000,
): Promise<ReceivedMail> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = mails(dir).find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`No such mail within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Polls every `intervalMs` until `check` returns something truthy, for at most `ms`. */
export async function eventually<T>(
  check: () => Promise<T | null | undefined | false>,
  ms = 10_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Not so within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
