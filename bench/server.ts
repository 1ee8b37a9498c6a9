/** The local server as a user starts it, in a process of its own, measured from outside. */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../local/dynamodb';
import { signLocalToken } from '../local/tokens';

const ROOT = join(__dirname, '..');
const HEALTH_DEADLINE_MS = 120_000;

export interface LocalServer {
  /** The GraphQL endpoint. */
  url: string;
  mailDir: string;
  /** From spawning the process to the first 200 of GET /health. */
  startMs: number;
  adminToken(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts `local/main.ts` the way `npm start` runs it (tsx, here as a loader in
 * the one process so that SIGTERM reaches the server), on a free port, with
 * its data and mail in a temporary folder, and waits for /health to answer 200.
 * `dynamoEndpoint`: a DynamoDB Local the benchmark started; null starts the
 * embedded one in memory, as PRIVACY_OPS_IN_MEMORY=1 npm start does.
 */
export async function startLocalServer(options: {
  dynamoEndpoint: string | null;
}): Promise<LocalServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'privacy-ops-bench-'));
  const mailDir = join(dataDir, 'mail');
  const secret = randomBytes(32).toString('base64url');
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      DYNAMODB_ENDPOINT: options.dynamoEndpoint ?? '',
      PRIVACY_OPS_IN_MEMORY: '1',
      PRIVACY_OPS_DATA_DIR: dataDir,
      PRIVACY_OPS_MAIL_DIR: mailDir,
      PRIVACY_OPS_JWT_SECRET: secret,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = once(child, 'exit');

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(kill);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const base = `http://127.0.0.1:${port}`;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the local server exited:\n${output}`);
      if (performance.now() - started > HEALTH_DEADLINE_MS) {
        throw new Error(
          `the local server was not healthy within ${HEALTH_DEADLINE_MS / 1000} s:\n${output}`,
        );
      }
      const healthy = await fetch(`${base}/health`).then(
        (response) => response.status === 200,
        () => false,
      );
      if (healthy) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: `${base}/graphql`,
    mailDir,
    startMs: performance.now() - started,
    adminToken: () => signLocalToken(secret, { role: 'admin', name: 'bench' }),
    stop,
  };
}

export interface GraphqlAnswer<T> {
  data?: T;
  errors?: { message: string }[];
}

/** One POST to the server; GraphQL errors throw. */
export async function graphql<T>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  token?: string,
): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const answer = (await response.json()) as GraphqlAnswer<T>;
  if (!answer.data || answer.errors?.length) {
    throw new Error(`GraphQL answered ${response.status}: ${JSON.stringify(answer.errors)}`);
  }
  return answer.data;
}
