/**
 * `npm run bench`: how fast a material publication reaches people locally.
 * For each size it fills a fresh table with people who consented, publishes a
 * material version and times the stream handlers until every mail is written.
 * Sizes: BENCH_SIZES (default "1000,10000"; add 100000 for the full curve).
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Caller } from '../domain/caller';
import { DEFAULT_CONTROLLER } from '../domain/controller';
import { DEFAULT_DEADLINES } from '../domain/requests/deadlines';
import { createMailSender } from '../adapters/mail';
import { createLogger } from '../adapters/telemetry';
import { createNotice, publishNoticeVersion, saveNoticeDraft } from '../domain/notices';
import { upsertPurpose } from '../domain/purposes';
import { freshServices, NO_TELEMETRY, type Services } from '../domain/services';
import { createWebhookSender } from '../adapters/webhooks';
import { startEmbeddedDynamo } from '../local/dynamodb';
import { streamHandlers } from '../local/stream-handlers';
import { startStreamPump } from '../local/stream-pump';
import { batchWrite } from '../store/batch';
import { createDb } from '../store/db';
import { personKeys } from '../store/keys';
import { listNotifications } from '../store/notifications';
import { ensureTable } from '../store/table';

const ADMIN: Caller = { role: 'ADMIN', sub: 'bench' };
const sizes = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number);

async function people(services: Services, count: number) {
  const now = new Date().toISOString();
  const items = [];
  for (let i = 0; i < count; i += 1) {
    const id = `person-${String(i).padStart(7, '0')}`;
    const email = `${id}@example.org`;
    items.push(
      { PutRequest: { Item: { ...personKeys.email(email), subjectId: id } } },
      {
        PutRequest: {
          Item: { ...personKeys.profile(id), id, email, restricted: false, createdAt: now },
        },
      },
      {
        PutRequest: {
          Item: {
            ...personKeys.consent(id, 'news'),
            subjectId: id,
            purposeId: 'news',
            status: 'GRANTED',
            noticeId: 'bench',
            noticeVersion: 1,
            method: 'WEB_FORM',
            updatedAt: now,
            receiptId: `${id}-receipt`,
            revision: 1,
          },
        },
      },
    );
  }
  await batchWrite(services.db, items);
}

async function publishTwice(services: Services) {
  await createNotice(services, ADMIN, { id: 'bench', title: 'Bench notice' });
  for (const material of [false, true]) {
    const draft = await saveNoticeDraft(services, ADMIN, {
      noticeId: 'bench',
      sections: [{ key: 'all', heading: 'All', body: material ? 'Changed' : 'First' }],
    });
    await publishNoticeVersion(services, ADMIN, {
      noticeId: 'bench',
      number: draft.number,
      material,
    });
  }
}

async function run(endpoint: string, count: number) {
  const services = freshServices({
    db: createDb({ endpoint, table: `bench-${count}-${Date.now()}` }),
    now: () => new Date(),
    controller: DEFAULT_CONTROLLER,
    deadlines: DEFAULT_DEADLINES,
    telemetry: NO_TELEMETRY,
  });
  await ensureTable(services.db);
  await upsertPurpose(services, ADMIN, {
    id: 'news',
    name: 'News',
    lawfulBasis: 'CONSENT',
    dataCategories: ['EMAIL'],
    dpvPurpose: 'dpv:Marketing',
  });
  await people(services, count);
  const mailDir = mkdtempSync(join(tmpdir(), 'privacy-ops-bench-'));
  const pump = await startStreamPump({
    db: services.db,
    endpoint,
    handlers: streamHandlers(
      services,
      {
        mail: createMailSender({ kind: 'files', dir: mailDir, from: 'bench@example.org' }),
        webhook: createWebhookSender(),
      },
      createLogger('WARN'),
    ),
    positionFile: null,
    pollMs: 50,
  });
  const started = Date.now();
  await publishTwice(services);
  let fannedOutMs = 0;
  for (;;) {
    const [notification] = (await listNotifications(services.db, 'bench')).filter(
      (n) => n.version === 2,
    );
    if (!fannedOutMs && notification?.subjectsNotified === count)
      fannedOutMs = Date.now() - started;
    if (readdirSync(mailDir).filter((file) => file.endsWith('.eml')).length >= count) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const deliveredMs = Date.now() - started;
  await pump.stop();
  rmSync(mailDir, { recursive: true, force: true });
  return { count, fannedOutMs, deliveredMs };
}

async function main() {
  const dynamo = await startEmbeddedDynamo({ dataDir: null });
  const results = [];
  try {
    for (const count of sizes) {
      const result = await run(dynamo.endpoint, count);
      results.push(result);
      console.log(
        `${count} people: fan-out ${(result.fannedOutMs / 1000).toFixed(1)} s (${Math.round((count * 1000) / result.fannedOutMs)} people/s), ` +
          `all mail written ${(result.deliveredMs / 1000).toFixed(1)} s (${Math.round((count * 1000) / result.deliveredMs)} people/s)`,
      );
    }
  } finally {
    await dynamo.stop();
  }
  const [first, ...rest] = results;
  for (const result of rest) {
    if (!first) break;
    const people = result.count / first.count;
    const time = result.deliveredMs / first.deliveredMs;
    console.log(
      `${first.count} -> ${result.count}: ${people.toFixed(0)}x the people took ${time.toFixed(1)}x the time (linear would be ${people.toFixed(0)}x)`,
    );
  }
}

void main();
