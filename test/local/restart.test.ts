import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../local/dynamodb';
import { eventually } from '../support/harness';
import { loadOrCreateJwtSecret, signLocalToken } from '../../local/tokens';
import { gql, killStarted, ROOT, start, TSX_LOADER, waitForHealth } from '../support/process';

jest.setTimeout(180_000);
afterEach(killStarted);

const PEOPLE = 250;

describe('a fan-out interrupted by a killed server', () => {
  it('tells everyone exactly once after a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'privacy-ops-restart-'));
    const mailDir = join(dataDir, 'mail');
    const port = await freePort();
    const env = {
      PORT: String(port),
      PRIVACY_OPS_DATA_DIR: dataDir,
      DYNAMODB_ENDPOINT: process.env.TEST_DYNAMODB_ENDPOINT ?? '',
      PRIVACY_OPS_TABLE: `restart-${randomUUID()}`,
    };
    const token = spawnSync(process.execPath, [...TSX_LOADER, 'local/token.ts', 'admin'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      encoding: 'utf8',
    }).stdout.trim();

    const first = start('local/main.ts', env);
    await waitForHealth(port, first);
    const { data } = await gql(port, '{ notice(id: "website") { current { number } } }');
    const current = data.notice.current.number;
    await gql(
      port,
      'mutation { upsertPurpose(input: { id: "news", name: "News", lawfulBasis: CONSENT, dataCategories: [EMAIL], dpvPurpose: "dpv:Marketing" }) { id } }',
      token,
    );
    const secret = loadOrCreateJwtSecret(dataDir, null);
    for (let i = 0; i < PEOPLE; i += 25) {
      await Promise.all(
        Array.from({ length: 25 }, async (_, j) => {
          const person = await signLocalToken(secret, {
            role: 'subject',
            email: `p${i + j}@example.org`,
          });
          await gql(
            port,
            `mutation { grantConsent(input: { purposeId: "news", noticeId: "website", noticeVersion: ${current} }) { status } }`,
            person,
          );
        }),
      );
    }
    const draft = await gql(
      port,
      `mutation { saveNoticeDraft(input: { noticeId: "website", sections: [{ key: "all", heading: "All", body: "Changed" }], changeSummary: "Everything changes" }) { number } }`,
      token,
    );
    await gql(
      port,
      `mutation { publishNoticeVersion(input: { noticeId: "website", number: ${draft.data.saveNoticeDraft.number}, material: true }) { number } }`,
      token,
    );
    // Killed as soon as the first mails land: in the middle of the fan-out.
    await eventually(async () => mailCount(mailDir) > 0, 20_000, 20);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(mailCount(mailDir)).toBeLessThan(PEOPLE);

    const second = start('local/main.ts', env);
    await waitForHealth(port, second);
    await eventually(async () => mailCount(mailDir) >= PEOPLE, 60_000, 200);
    expect(mailCount(mailDir)).toBe(PEOPLE);
    // A step counts the people it told once it has written their deliveries, after their mail.
    const counted = await eventually(async () => {
      const { data: notifications } = await gql(
        port,
        '{ noticeChangeNotifications(noticeId: "website") { subjectsNotified } }',
        token,
      );
      const told = notifications.noticeChangeNotifications.at(-1).subjectsNotified;
      return told >= PEOPLE && told;
    });
    expect(counted).toBe(PEOPLE);
    // A mail file is written before its delivery is recorded SENT.
    const attempts = await eventually(async () => {
      const sent = await sentDeliveryAttempts(port, token);
      return sent.length >= PEOPLE && sent;
    });
    expect(attempts).toHaveLength(PEOPLE);
    expect(attempts.every((count) => count === 1)).toBe(true);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });
});

/** The attempts of every sent delivery, page by page. */
async function sentDeliveryAttempts(port: number, token: string): Promise<number[]> {
  const attempts: number[] = [];
  let after: string | null = null;
  do {
    const page = await gql(
      port,
      `{ deliveries(first: 100, status: SENT, after: ${JSON.stringify(after)}) { nodes { attempts } pageInfo { endCursor } } }`,
      token,
    );
    attempts.push(...page.data.deliveries.nodes.map((node: { attempts: number }) => node.attempts));
    after = page.data.deliveries.pageInfo.endCursor;
  } while (after);
  return attempts;
}

function mailCount(dir: string): number {
  try {
    return readdirSync(dir).filter(
      (file) => file.startsWith('notice.material_change') && file.endsWith('.eml'),
    ).length;
  } catch {
    return 0;
  }
}
