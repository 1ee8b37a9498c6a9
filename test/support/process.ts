import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { FixtureServer } from './factories';
import { TestClock, type Gql } from './harness';

/** Runs the local server (or the token command) as a separate process, as a user would. */
export const ROOT = join(__dirname, '../..');
/**
 * tsx as a loader in the one process, not its CLI, which would run the script
 * in a child of its own: a signal to the process must reach the server itself.
 */
export const TSX_LOADER = ['--import', 'tsx'];

export interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

const running = new Set<ChildProcess>();

/** Kills whatever a test started and left running, so a failed test leaves no server behind. */
export function killStarted() {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

export function start(script: string, env: Record<string, string>, args: string[] = []): Started {
  const child = spawn(process.execPath, [...TSX_LOADER, script, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  running.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  return { child, output: () => output, exited };
}

export async function waitForHealth(port: number, started: Started) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      if (response.status === 200) return response.json();
    } catch {
      // Not listening yet.
    }
    if (started.child.exitCode !== null) throw new Error(`server exited:\n${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no healthy server:\n${started.output()}`);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test reads answers loosely
export async function gql(port: number, query: string, token?: string): Promise<any> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query }),
  });
  return response.json();
}

/**
 * A started server as the factories reach it: GraphQL over HTTP, each answer
 * given within `deadlineMs` or thrown as unanswered, and the real clock the
 * server itself keeps.
 */
export function servedAt(port: number, deadlineMs = 30_000): FixtureServer {
  const clock = new TestClock();
  const gql: Gql = async (query, variables, token) => {
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(deadlineMs),
    });
    return { status: response.status, ...((await response.json()) as object) };
  };
  return { gql, clock };
}
