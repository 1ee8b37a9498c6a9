/**
 * A material change of the notice told to everyone, every mail written as a
 * file by the local server's stream handlers, against raw BatchWriteItem of
 * one item per person (the mail's delivery item, as the fan-out builds it).
 *
 * The people are the items granting consent under the notice writes (the
 * person, the lookup of their address, the consent and its history entry),
 * built by the store's own functions, so every key (each index shard among
 * them) is the one a real consent gets, and batch-written before the table's
 * stream is switched on: DynamoDB Local slows down with every stream record it
 * holds, and on AWS those records would have been read weeks before the
 * publication.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { marshall } from '@aws-sdk/util-dynamodb';
import { DEFAULT_CONTROLLER } from '../domain/controller';
import { pendingMail } from '../domain/deliveries';
import { MATERIAL_CHANGE_TOPIC } from '../domain/notifications/fan-out';
import { noticeChangeMail } from '../domain/notifications/mail-text';
import sampleData from '../local/seed/sample-data.json';
import { createDb } from '../store/db';
import { deliveryPut } from '../store/deliveries';
import { ensureTable } from '../store/table';
import {
  createRawTable,
  createTableWithoutStream,
  rawBatchWrite,
  withFreshDynamo,
  type WireItem,
} from './dynamo';
import { progress, seconds, whole, type ResultRow } from './report';
import { benchEmail, consentingPerson, NOTICE_ID, servicesFor, setUpScene, TABLE } from './scene';
import { graphql, startLocalServer } from './server';
import type { BenchSettings } from './settings';
import { warmUntilSteady } from './warm-up';

/** Batch writes in flight while filling a table or measuring the raw limit. */
const CONCURRENCY = 4;
/** Items of each warm-up burst of the raw limit. */
const WARM_UP_BURST = 2_500;
/** People whose items are made and written at a time, so that 100,000 people never sit in memory at once. */
const PEOPLE_PER_LOAD = 2_000;
const PROGRESS_PEOPLE = 20_000;
/** How often the mail folder is counted: reading 100,000 names takes CPU the server needs. */
const pollMs = (people: number) => Math.max(500, people / 50);
const PROGRESS_EVERY_MS = 15_000;
/** The fan-out has stopped when no mail is written for this long. */
const STALL_MS = 180_000;

const CHANGED_SECTIONS = sampleData.notice.sections.map((section, index) =>
  index === 0
    ? { ...section, body: `${section.body}\n\nWe now also record the language of your browser.` }
    : section,
);
const CHANGE_SUMMARY = 'We now record the language of your browser.';

/** The outbox items the fan-out writes, one per person, as DynamoDB receives them. */
function deliveryItems(table: string, people: number): WireItem[] {
  // Only builds the items: the client never sends anything.
  const services = servicesFor(createDb({ endpoint: 'http://127.0.0.1:1', table }));
  const text = noticeChangeMail(
    {
      title: sampleData.notice.title,
      version: 2,
      effectiveAt: new Date().toISOString(),
      changeSummary: CHANGE_SUMMARY,
      changes: [{ heading: CHANGED_SECTIONS[0]?.heading ?? '', kind: 'MODIFIED' }],
    },
    DEFAULT_CONTROLLER,
  );
  return Array.from({ length: people }, (_, person) => {
    const subjectId = randomUUID();
    const mail = pendingMail(services, {
      id: `${MATERIAL_CHANGE_TOPIC}-${NOTICE_ID}-2-${subjectId}`,
      subjectId,
      to: benchEmail('fan-out', person),
      topic: MATERIAL_CHANGE_TOPIC,
      ...text,
    });
    // Sent at its first try, as nearly every one is: so not in the due-time index. The body
    // is kept, which the fan-out drops once sent, so the raw limit writes no less than it.
    const sentAt = new Date().toISOString();
    const put = deliveryPut(services.db, {
      ...mail,
      status: 'SENT',
      attempts: 1,
      sentAt,
      nextAttemptAt: null,
    }).Put;
    if (!put) throw new Error('A delivery is written with a Put');
    return marshall(put.Item, { removeUndefinedValues: true });
  });
}

/**
 * Milliseconds raw BatchWriteItem takes to put one delivery item per person,
 * on a DynamoDB Local of its own, warmed by the same writes to a table
 * without a stream (the people's writes warm it for the project).
 */
async function rawFanOut(people: number, settings: BenchSettings): Promise<number> {
  return withFreshDynamo(async (endpoint) => {
    await createTableWithoutStream(endpoint, 'warm-up');
    await warmUntilSteady('fan-out, raw BatchWriteItem', settings.warmUpSeconds, async () => {
      const ms = await rawBatchWrite(endpoint, 'warm-up', deliveryItems('warm-up', WARM_UP_BURST), {
        concurrency: CONCURRENCY,
      });
      return (WARM_UP_BURST * 1000) / ms;
    });
    await createRawTable(endpoint, 'raw-limit');
    return rawBatchWrite(endpoint, 'raw-limit', deliveryItems('raw-limit', people), {
      concurrency: CONCURRENCY,
    });
  });
}

function mailsIn(dir: string): number {
  try {
    return readdirSync(dir).filter((name) => name.endsWith('.eml')).length;
  } catch {
    return 0;
  }
}

/** Milliseconds from the publication until the last person's mail is a file, on a DynamoDB Local of its own. */
async function projectFanOut(people: number): Promise<number> {
  return withFreshDynamo(async (endpoint) => {
    const db = await createTableWithoutStream(endpoint, TABLE);
    const version = await setUpScene(db);
    progress(`fan-out ${whole(people)}: writing the people`);
    for (let written = 0; written < people; written += PEOPLE_PER_LOAD) {
      const end = Math.min(people, written + PEOPLE_PER_LOAD);
      const items = [];
      for (let person = written; person < end; person += 1) {
        items.push(...consentingPerson(db, benchEmail('fan-out', person), version));
      }
      await rawBatchWrite(endpoint, TABLE, items, { concurrency: CONCURRENCY });
      if (Math.floor(end / PROGRESS_PEOPLE) > Math.floor(written / PROGRESS_PEOPLE)) {
        progress(`fan-out ${whole(people)}: ${whole(end)} people written`);
      }
    }
    await ensureTable(db);

    const server = await startLocalServer({ dynamoEndpoint: endpoint });
    try {
      const token = await server.adminToken();
      const draft = await graphql<{ saveNoticeDraft: { number: number } }>(
        server.url,
        `
          mutation Draft($input: SaveNoticeDraftInput!) {
            saveNoticeDraft(input: $input) {
              number
            }
          }
        `,
        {
          input: { noticeId: NOTICE_ID, sections: CHANGED_SECTIONS, changeSummary: CHANGE_SUMMARY },
        },
        token,
      );
      progress(`fan-out ${whole(people)}: publishing a material version through the API`);
      const started = performance.now();
      await graphql(
        server.url,
        `
          mutation Publish($input: PublishNoticeVersionInput!) {
            publishNoticeVersion(input: $input) {
              number
            }
          }
        `,
        { input: { noticeId: NOTICE_ID, number: draft.saveNoticeDraft.number, material: true } },
        token,
      );
      let reported = started;
      let lastMail = { count: 0, at: started };
      for (;;) {
        const written = mailsIn(server.mailDir);
        const now = performance.now();
        if (written >= people) return now - started;
        if (written > lastMail.count) lastMail = { count: written, at: now };
        if (now - lastMail.at > STALL_MS) {
          throw new Error(
            `no mail written for ${seconds(STALL_MS)}: ${whole(written)} of ${whole(people)}`,
          );
        }
        if (now - reported >= PROGRESS_EVERY_MS) {
          reported = now;
          progress(
            `fan-out ${whole(people)}: ${whole(written)} mails written after ${seconds(now - started)}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, pollMs(people)));
      }
    } finally {
      await server.stop();
    }
  });
}

interface FanOutRun {
  people: number;
  projectMs: number;
  rawMs: number;
}

const perSecond = (count: number, ms: number) => (count * 1000) / ms;

export async function measureFanOut(settings: BenchSettings): Promise<ResultRow[]> {
  const runs: FanOutRun[] = [];
  for (const people of settings.fanOutSizes) {
    progress(`fan-out ${whole(people)}: raw BatchWriteItem of ${whole(people)} items`);
    const rawMs = await rawFanOut(people, settings);
    progress(`fan-out ${whole(people)}: raw ${whole(perSecond(people, rawMs))} items/s`);
    const projectMs = await projectFanOut(people);
    progress(
      `fan-out ${whole(people)}: every mail written in ${seconds(projectMs)}, ${whole(perSecond(people, projectMs))} people/s`,
    );
    runs.push({ people, projectMs, rawMs });
  }
  const rows: ResultRow[] = runs.map(({ people, projectMs, rawMs }) => ({
    ratio: rawMs / projectMs,
    goal: people === 5_000 ? { atLeast: 0.25 } : null,
    measurement: `material fan-out to ${whole(people)} people, every mail written`,
    project: `${whole(perSecond(people, projectMs))} people/s (${seconds(projectMs)})`,
    limit: `raw BatchWriteItem of ${whole(people)} items: ${whole(perSecond(people, rawMs))} items/s (${seconds(rawMs)})`,
  }));
  // How the time grows between the two largest sizes (10,000 and 100,000 by default).
  const [large, small] = [...runs].sort((a, b) => b.people - a.people);
  if (large && small && large.people > small.people) {
    const linear = large.people / small.people;
    const growth = large.projectMs / small.projectMs;
    rows.push({
      ratio: growth / linear,
      goal: { atMost: 1.1 },
      measurement: `fan-out time from ${whole(small.people)} to ${whole(large.people)} people, against linear (${linear.toFixed(0)}×)`,
      project: `${growth.toFixed(1)}× the time for ${linear.toFixed(0)}× the people`,
      limit: `raw: ${(large.rawMs / small.rawMs).toFixed(1)}× the time`,
    });
  }
  return rows;
}
