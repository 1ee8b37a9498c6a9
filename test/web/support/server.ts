import { test } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signLocalToken, type TokenSubject } from '../../../local/tokens';
import { mails, waitForMail, type ReceivedMail } from '../../support/harness';
import { start, waitForHealth, type Started } from '../../support/process';

/** The local server as `npm start` runs it, on a port and folders of its own. */
export interface PagesServer {
  baseURL: string;
  mailDir: string;
  /** A token the server accepts, as `npm run token` prints it. */
  token(subject: TokenSubject): Promise<string>;
  /** One GraphQL operation, for setting up what a journey starts from. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers loosely
  gql(query: string, variables?: Record<string, unknown>, token?: string): Promise<any>;
  /**
   * The code in the next mail of `topic` to `email` that no earlier call
   * read, waiting for it to arrive.
   */
  codeMailedTo(email: string, topic: string): Promise<string>;
  /** The mails written so far. */
  mails(): ReceivedMail[];
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts one local server (in-memory DynamoDB Local, the sample notice seeded)
 * before the file's tests and stops it after them, so that each spec file
 * sees only its own changes.
 */
export function useLocalServer(env: Record<string, string> = {}): () => PagesServer {
  let server: PagesServer | null = null;
  let started: Started | null = null;
  let folder = '';

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    folder = mkdtempSync(join(tmpdir(), 'privacy-ops-web-'));
    const port = await freePort();
    const secret = randomBytes(32).toString('base64url');
    const mailDir = join(folder, 'mail');
    // Waiting for a mail reads the folder, which the server makes only with its first mail.
    mkdirSync(mailDir);
    const codesRead = new Set<string>();
    started = start('local/main.ts', {
      PORT: String(port),
      PRIVACY_OPS_IN_MEMORY: '1',
      PRIVACY_OPS_DATA_DIR: folder,
      PRIVACY_OPS_MAIL_DIR: mailDir,
      PRIVACY_OPS_JWT_SECRET: secret,
      ...env,
    });
    await waitForHealth(port, started);
    const baseURL = `http://127.0.0.1:${port}`;
    server = {
      baseURL,
      mailDir,
      token: (subject) => signLocalToken(secret, subject),
      async gql(query, variables, token) {
        const response = await fetch(`${baseURL}/graphql`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify({ query, variables }),
        });
        return response.json();
      },
      async codeMailedTo(email, topic) {
        const wanted = email.toLowerCase();
        const mail = await waitForMail(
          mailDir,
          (received) =>
            received.topic === topic &&
            received.to.toLowerCase().includes(wanted) &&
            !codesRead.has(received.file),
          15_000,
        );
        codesRead.add(mail.file);
        const code = /^Code: (\S+)$/m.exec(mail.raw)?.[1];
        if (!code) throw new Error(`No code in the ${topic} mail`);
        return code;
      },
      mails: () => mails(mailDir),
    };
  });

  test.afterAll(async () => {
    if (started) {
      started.child.kill('SIGTERM');
      await started.exited;
    }
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  return () => {
    if (!server) throw new Error('The local server is not started yet');
    return server;
  };
}
