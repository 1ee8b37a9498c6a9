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
import type { TransactionTemplate } from './capture';
import { createTableWithoutStream, rawBatchWrite, withFreshDynamo, type WireItem } from './dynamo';
import { median, milliseconds, progress, whole, type ResultRow } from './report';
import {
  ADMIN,
  benchEmail,
  captureWrites,
  registration,
  servicesFor,
  setUpScene,
  TABLE,
} from './scene';
import type { BenchSettings } from './settings';

const WEBINAR_ID = 'bench-webinar';
const PARTNER_ID = 'bench-cosponsor';
const DAY_MS = 86_400_000;
const NO_SIGNALS = { globalPrivacyControl: false };
const WARM_UP_RECORDS = 3_000;

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
    dataUses: [
      { category: 'NAME', purposeId: 'event-registration' },
      { category: 'EMAIL', purposeId: 'event-registration' },
      { category: 'COUNTRY', purposeId: 'event-registration' },
      { category: 'ORGANIZATION', purposeId: 'event-content-relevance' },
    ],
    retentionDays: 30,
  });
  return version;
}

/**
 * A person as people come to be held: registered for two events (consenting
 * to marketing at the first), the consent withdrawn later, their details
 * shared with the webinar's co-sponsor.
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
    { ...registration(email, version, WEBINAR_ID), consentPurposeIds: [] },
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

/** Copies of the template person, `records` items in all, written with batch writes. */
async function writeCopies(
  endpoint: string,
  table: string,
  template: TransactionTemplate,
  records: number,
) {
  const copies = template.writtenTo(table);
  const items: WireItem[] = [];
  for (let n = 1; items.length < records; n += 1) {
    items.push(...copies.putsFor(benchEmail(`copy-${table}`, n)));
  }
  await rawBatchWrite(endpoint, table, items.slice(0, records), { concurrency: 4 });
}

/**
 * DynamoDB Local's JVM runs faster once it has compiled its hot paths, and
 * filling the table with others would warm it for the "among" cases only:
 * every case first writes the same records to a scratch table, and catches
 * the person to copy there.
 */
async function warmUp(endpoint: string): Promise<TransactionTemplate> {
  const scratch = 'warm-up';
  const db = await createTableWithoutStream(endpoint, scratch);
  const version = await setUpPersonScene(db);
  const template = await captureWrites(endpoint, scratch, (services, email) =>
    createPerson(services, email, version),
  );
  await writeCopies(endpoint, scratch, template, WARM_UP_RECORDS);
  return template;
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

interface Timings {
  others: number;
  personRecords: number;
  exportMs: number;
  erasureMs: number;
}

/** On a fresh DynamoDB Local: the table with `others` records of other people, then the timed requests. */
async function timeAmong(settings: BenchSettings, others: number): Promise<Timings> {
  return withFreshDynamo(async (endpoint) => {
    const template = await warmUp(endpoint);
    const db = await createTableWithoutStream(endpoint, TABLE);
    const version = await setUpPersonScene(db);
    if (others > 0) await writeCopies(endpoint, TABLE, template, others);
    await ensureTable(db);

    const services = servicesFor(db);
    const people = settings.subjectWarmups + settings.subjectRepeats;
    const emails = Array.from({ length: people }, (_, n) => benchEmail('subject', n));
    for (const email of emails) await createPerson(services, email, version);
    const personRecords = await recordsOf(db, emails[0] ?? '');

    const exports: number[] = [];
    const erasures: number[] = [];
    for (const [n, email] of emails.entries()) {
      const exportMs = await timeCompletion(services, email, 'ACCESS');
      const erasureMs = await timeCompletion(services, email, 'ERASURE');
      if (n >= settings.subjectWarmups) {
        exports.push(exportMs);
        erasures.push(erasureMs);
      }
    }
    return { others, personRecords, exportMs: median(exports), erasureMs: median(erasures) };
  });
}

export async function measureSubjectRequests(settings: BenchSettings): Promise<ResultRow[]> {
  const timings: Timings[] = [];
  for (const others of settings.otherRecords) {
    progress(`export and erasure: among ${whole(others)} other records`);
    const timing = await timeAmong(settings, others);
    progress(
      `export and erasure: among ${whole(others)}: export ${milliseconds(timing.exportMs)}, erasure ${milliseconds(timing.erasureMs)}`,
    );
    timings.push(timing);
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
        measurement: `access export of one person (${alone.personRecords} records) among ${whole(timing.others)} other records, ${samples}`,
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
