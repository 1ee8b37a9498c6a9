import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../local/dynamodb';
import { gql, killStarted, ROOT, start, TSX_LOADER, waitForHealth } from '../support/process';

function dynamoEndpoint(output: string): string {
  const match = /embedded DynamoDB at (http:\/\/\S+)/.exec(output);
  if (!match?.[1]) throw new Error(`no endpoint in:\n${output}`);
  return match[1];
}

jest.setTimeout(180_000);
afterEach(killStarted);

describe('npm start', () => {
  it('serves the sample notice, keeps data across a restart and stops cleanly', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'privacy-ops-'));
    const port = await freePort();
    const env = { PORT: String(port), PRIVACY_OPS_DATA_DIR: dataDir };

    const first = start('local/main.ts', env);
    expect(await waitForHealth(port, first)).toEqual({ status: 'ok' });
    const served = await gql(
      port,
      '{ notices { id current { number status sections { key summary } } } purposes { id lawfulBasis } }',
    );
    expect(served.data.notices).toHaveLength(1);
    expect(served.data.notices[0].current.status).toBe('PUBLISHED');
    expect(served.data.notices[0].current.sections.length).toBeGreaterThanOrEqual(11);
    expect(served.data.purposes).toContainEqual({ id: 'marketing', lawfulBasis: 'CONSENT' });

    const token = spawnSync(process.execPath, [...TSX_LOADER, 'local/token.ts', 'admin'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      encoding: 'utf8',
    }).stdout.trim();
    const created = await gql(
      port,
      'mutation { createNotice(input: { id: "kept", title: "Kept" }) { id } }',
      token,
    );
    expect(created.data).toEqual({ createNotice: { id: 'kept' } });

    const sandbox = await fetch(`http://127.0.0.1:${port}/graphql`, {
      headers: { accept: 'text/html' },
    });
    expect(await sandbox.text()).toMatch(/sandbox/i);

    const endpoint = dynamoEndpoint(first.output());
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    await expect(fetch(endpoint)).rejects.toThrow();

    const second = start('local/main.ts', env);
    await waitForHealth(port, second);
    const again = await gql(port, '{ notices { id } }');
    expect(again.data.notices.map((notice: { id: string }) => notice.id).sort()).toEqual([
      'kept',
      'website',
    ]);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  });

  it('says the port is taken and exits non-zero', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    const port = (blocker.address() as { port: number }).port;
    const started = start('local/main.ts', { PORT: String(port), PRIVACY_OPS_IN_MEMORY: '1' });
    expect(await started.exited).not.toBe(0);
    expect(started.output()).toContain(`Port ${port} is taken`);
    blocker.close();
  });

  it('names the fix when Java is missing and exits non-zero', async () => {
    const port = await freePort();
    const started = start('local/main.ts', {
      PORT: String(port),
      PRIVACY_OPS_IN_MEMORY: '1',
      PATH: '/nonexistent',
    });
    expect(await started.exited).not.toBe(0);
    expect(started.output()).toMatch(/needs Java 17 or newer.*openjdk-17-jre-headless/s);
  });
});
