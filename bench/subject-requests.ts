/**
 * An access export and an erasure of one person with a handful of records,
 * alone in the table and among thousands of other people's records: what
 * one person costs must not grow with everyone else. Timed through the
 * domain functions the API's resolvers call (completeSubjectRequest, as an
 * admin completes a verified request), in this process: no HTTP and no
 * stream handlers in the figure.
 */
import { PUBLIC_CALLER, type Caller } from '../domain/caller';
import { withdrawConsent } from '../domain/consent';
import { createEvent } from '../domain/events';
import { recordImpactAssessment } from '../domain/impact-assessments';
import { upsertPartner } from '../domain/partners';
import { registerForEvent } from '../domain/registrations';
import { completeSubjectRequest } from '../domain/requests/fulfilment';
import { submitSubjectRequest } from '../domain/requests/requests';
import type { RequestType } from '../domain/constants';
import { freshServices, type Services } from '../domain/services';
import { recordSharing } from '../domain/sharing';
import type { Db } from '../store/db';
import { ensureTable } from '../store/table';
import { findSubjectId, readPerson } from '../store/people';
import { createTableWithoutStream, rawBatchWrite, withFreshDynamo, type WireItem } from './dynamo';
import { median, milliseconds, progress, whole, type ResultRow } from './report';
import {
  ADMIN,
  BENCH_EVENT_DATA_USES,
  benchEmail,
  consentingPerson,
  registration,
  servicesFor,
  setUpScene,
} from './scene';
import type { BenchSettings } from './settings';

const WEBINAR_ID = 'bench-webinar';
const PARTNER_ID = 'bench-cosponsor';
const DAY_MS = 86_400_000;
const NO_SIGNALS = { globalPrivacyControl: false };

/** The second event and the partner the person's records name. */
async function setUpPersonScene(db: Db): Promise<number> {
  const version = await setUpScene(db);
  const services = servicesFor(db);
  await upsertPartner(services, ADMIN, {
    id: PARTNER_ID,
    name: 'Bench co-sponsor',
    kind: 'COSPONSOR',
  });
  const startsAt = new Date(Date.now() + 30 * DAY_MS);
  await createEvent(services, ADMIN, {
    id: WEBINAR_ID,
    title: 'Bench webinar',
    format: 'WEBINAR',
    startsAt,
    endsAt: new Date(startsAt.getTime() + DAY_MS / 12),
    cosponsorIds: [PARTNER_ID],
    dataUses: [...BENCH_EVENT_DATA_USES],
    retentionDays: 30,
  });
  await recordImpactAssessment(services, ADMIN, {
    partnerId: PARTNER_ID,
    scopes: ['PROVISION_TO_HANDLER'],
    conductedAt: new Date(),
    summary: 'Attendee lists for co-sponsored webinars',
    risks: 'Use beyond the webinar',
    safeguards: 'Contract limiting use to the webinar',
  });
  return version;
}

/**
 * A person as people come to be held: registered for two events (consenting
 * to marketing at the first, and at the second to the co-sponsor receiving
 * their data, PIPL's separate consent), the marketing consent withdrawn
 * later, their details shared with the webinar's co-sponsor.
 */
async function createPerson(services: Services, email: string, version: number): Promise<void> {
  await registerForEvent(
    freshServices(services),
    PUBLIC_CALLER,
    registration(email, version),
    NO_SIGNALS,
  );
  await registerForEvent(
    freshServices(services),
    PUBLIC_CALLER,
    {
      ...registration(email, version, WEBINAR_ID),
      consentPurposeIds: [],
      separateConsents: [{ partnerId: PARTNER_ID, scope: 'PROVISION_TO_HANDLER' }],
    },
    NO_SIGNALS,
  );
  const person: Caller = { role: 'SUBJECT', sub: `subject:${email}`, email };
  await withdrawConsent(freshServices(services), person, 'marketing', 'WEB_FORM');
  await recordSharing(freshServices(services), ADMIN, {
    partnerId: PARTNER_ID,
    subjectEmail: email,
    categories: ['NAME', 'EMAIL', 'ORGANIZATION'],
    purpose: 'Attendee list for the co-sponsored webinar',
    situation: 'COSPONSORED_EVENT',
  });
}

/** Other people who consented, `records` items in all, written with batch writes. */
async function writeOthers(endpoint: string, db: Db, version: number, records: number) {
  const items: WireItem[] = [];
  for (let n = 1; items.length < records; n += 1) {
    items.push(...consentingPerson(db, benchEmail('other', n), version));
  }
  await rawBatchWrite(endpoint, db.table, items.slice(0, records), { concurrency: 4 });
}

/** Milliseconds completing a verified request of this type for the person takes. */
async function timeCompletion(
  services: Services,
  email: string,
  type: RequestType,
): Promise<number> {
  const request = await submitSubjectRequest(freshServices(services), ADMIN, {
    type,
    email,
    identityVerified: true,
  });
  const started = performance.now();
  await completeSubjectRequest(freshServices(services), ADMIN, request.id, null);
  return performance.now() - started;
}

/** The items held in the person's partition. */
async function recordsOf(db: Db, email: string): Promise<number> {
  const subjectId = await findSubjectId(db, email);
  if (!subjectId) throw new Error(`No person under ${email}`);
  return (await readPerson(db, subjectId)).keys.length;
}

/** One table: the people timed in it, and how long their exports and erasures took. */
interface Case {
  others: number;
  services: Services;
  emails: string[];
  exports: number[];
  erasures: number[];
}

/** A table holding `others` records of other people, written before its stream is on, and the people to time. */
async function prepareCase(endpoint: string, others: number, people: number): Promise<Case> {
  const table = others === 0 ? 'alone' : `among-${others}`;
  const db = await createTableWithoutStream(endpoint, table);
  const version = await setUpPersonScene(db);
  if (others > 0) await writeOthers(endpoint, db, version, others);
  await ensureTable(db);
  const services = servicesFor(db);
  const emails = Array.from({ length: people }, (_, n) => benchEmail('subject', n));
  for (const email of emails) await createPerson(services, email, version);
  return { others, services, emails, exports: [], erasures: [] };
}

/**
 * Every case in one DynamoDB Local, timed in turn, one person each, each
 * round starting at another case: a busy moment of the machine, the JVM's
 * warming and the stream records the timed requests leave fall on all cases
 * alike, so their ratio holds.
 */
async function timeCases(
  settings: BenchSettings,
): Promise<{ cases: Case[]; personRecords: number }> {
  return withFreshDynamo(async (endpoint) => {
    const people = settings.subjectWarmups + settings.subjectRepeats;
    const cases: Case[] = [];
    for (const others of settings.otherRecords) {
      progress(
        `export and erasure: a table with ${whole(others)} other records and ${people} people to time`,
      );
      cases.push(await prepareCase(endpoint, others, people));
    }
    const first = cases[0];
    const personRecords = first ? await recordsOf(first.services.db, first.emails[0] ?? '') : 0;
    progress(
      `export and erasure: timing ${people} people (${settings.subjectWarmups} untimed) in each table, in turn`,
    );
    for (let n = 0; n < people; n += 1) {
      // Each round starts at another case, so that no case always comes first.
      const start = n % cases.length;
      for (const timed of [...cases.slice(start), ...cases.slice(0, start)]) {
        const email = timed.emails[n] ?? '';
        const exportMs = await timeCompletion(timed.services, email, 'ACCESS');
        const erasureMs = await timeCompletion(timed.services, email, 'ERASURE');
        if (n < settings.subjectWarmups) continue;
        timed.exports.push(exportMs);
        timed.erasures.push(erasureMs);
      }
    }
    return { cases, personRecords };
  });
}

export async function measureSubjectRequests(settings: BenchSettings): Promise<ResultRow[]> {
  const { cases, personRecords } = await timeCases(settings);
  const timings = cases.map((timed) => ({
    others: timed.others,
    exportMs: median(timed.exports),
    erasureMs: median(timed.erasures),
  }));
  for (const timing of timings) {
    progress(
      `export and erasure: among ${whole(timing.others)}: export ${milliseconds(timing.exportMs)}, erasure ${milliseconds(timing.erasureMs)}`,
    );
  }
  const alone = timings.find((timing) => timing.others === 0);
  if (!alone) return [];
  const samples = `median of ${settings.subjectRepeats}`;
  return timings
    .filter((timing) => timing.others > 0)
    .flatMap((timing) => [
      {
        ratio: timing.exportMs / alone.exportMs,
        goal: timing.others === 3_000 ? { atMost: 1.2 } : null,
        measurement: `access export of one person (${personRecords} records) among ${whole(timing.others)} other records, ${samples}`,
        project: milliseconds(timing.exportMs),
        limit: `alone: ${milliseconds(alone.exportMs)}`,
      },
      {
        ratio: timing.erasureMs / alone.erasureMs,
        goal: null,
        measurement: `erasure of one person among ${whole(timing.others)} other records, ${samples}`,
        project: milliseconds(timing.erasureMs),
        limit: `alone: ${milliseconds(alone.erasureMs)}`,
      },
    ]);
}
