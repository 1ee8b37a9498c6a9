/**
 * What the measurements start from: the table as `npm start` seeds it (the
 * sample notice and purposes), an event people register for, and the
 * registration a frontend sends, made by the domain itself in this process.
 */
import { PUBLIC_CALLER, type Caller } from '../domain/caller';
import { DEFAULT_CONTROLLER } from '../domain/controller';
import { createEvent } from '../domain/events';
import { currentNumber, getNotice } from '../domain/notices';
import { registerForEvent, type RegisterInput } from '../domain/registrations';
import { DEFAULT_DEADLINES } from '../domain/requests/deadlines';
import { DEFAULT_RETRY_SCHEDULE } from '../domain/retry-schedule';
import { freshServices, NO_TELEMETRY, type Services } from '../domain/services';
import { seedIfEmpty } from '../local/seed';
import sampleData from '../local/seed/sample-data.json';
import { randomUUID } from 'node:crypto';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Consent, ConsentHistoryEntry, Person } from '../domain/types';
import { createDb, type Db } from '../store/db';
import { consentWrites, personPuts } from '../store/people';
import type { TransactItem } from '../store/transactions';
import { TransactionTemplate, transactionRecorder } from './capture';
import type { WireItem } from './dynamo';

export const ADMIN: Caller = { role: 'ADMIN', sub: 'bench' };
export const NOTICE_ID = sampleData.notice.id;
export const EVENT_ID = 'bench-summit';
/** The table the local server uses unless told otherwise. */
export const TABLE = 'privacy-ops';

/** Services as the local server builds them (createApi's defaults), for the domain called in this process. */
export function servicesFor(db: Db): Services {
  return freshServices({
    db,
    now: () => new Date(),
    controller: DEFAULT_CONTROLLER,
    deadlines: DEFAULT_DEADLINES,
    retrySchedule: DEFAULT_RETRY_SCHEDULE,
    telemetry: NO_TELEMETRY,
  });
}

const DAY_MS = 86_400_000;

/** Seeds the table as `npm start` does; answers the number of the notice version in effect. */
export async function seedAsStarted(db: Db): Promise<number> {
  const services = servicesFor(db);
  await seedIfEmpty(services);
  const notice = await getNotice(services, NOTICE_ID);
  const version = notice && currentNumber(notice, services.now());
  if (!version) throw new Error(`The seed left no version of "${NOTICE_ID}" in effect`);
  return version;
}

/** What the benchmark's events collect, and why: what a registration form sends. */
export const BENCH_EVENT_DATA_USES = [
  { category: 'NAME', purposeId: 'event-registration' },
  { category: 'EMAIL', purposeId: 'event-registration' },
  { category: 'COUNTRY', purposeId: 'event-registration' },
  { category: 'ORGANIZATION', purposeId: 'event-content-relevance' },
] as const;

/** The seed and an event a year away; answers the number of the notice version in effect. */
export async function setUpScene(db: Db): Promise<number> {
  const version = await seedAsStarted(db);
  const startsAt = new Date(Date.now() + 365 * DAY_MS);
  await createEvent(servicesFor(db), ADMIN, {
    id: EVENT_ID,
    title: 'Bench summit',
    format: 'IN_PERSON',
    startsAt,
    endsAt: new Date(startsAt.getTime() + DAY_MS),
    dataUses: [...BENCH_EVENT_DATA_USES],
    retentionDays: 90,
  });
  return version;
}

/** What a frontend sends to register one person, with consent to marketing. */
export function registration(
  email: string,
  noticeVersion: number,
  eventId = EVENT_ID,
): RegisterInput {
  return {
    eventId,
    attendee: { name: 'Ada Bench', email, country: 'DE', organization: 'Analytical Engines Ltd' },
    noticeId: NOTICE_ID,
    noticeVersion,
    consentPurposeIds: ['marketing'],
  };
}

export const REGISTER_MUTATION = `mutation Register($input: RegisterForEventInput!) {
  registerForEvent(input: $input) { id status }
}`;

/** Where the benchmark's people get their addresses. */
export function benchEmail(kind: string, n: number): string {
  return `${kind}-${n}@bench.example.org`;
}

/**
 * Registers one person through the domain, as the API would, and catches
 * what it wrote: the transaction to send again for other people.
 */
export async function captureRegistration(
  endpoint: string,
  table: string,
  noticeVersion: number,
): Promise<TransactionTemplate> {
  const recorder = transactionRecorder();
  const services = servicesFor(
    createDb({ endpoint, table, captureClient: recorder.captureClient }),
  );
  const email = benchEmail('template', 0);
  await registerForEvent(services, PUBLIC_CALLER, registration(email, noticeVersion), {
    globalPrivacyControl: false,
  });
  return new TransactionTemplate(recorder.bodies, email);
}

const wire = (write: TransactItem): WireItem => {
  if (!write.Put) throw new Error('A person is written with Puts');
  return marshall(write.Put.Item, { removeUndefinedValues: true });
};

/**
 * The items of a person who consented to marketing under the notice's
 * `version`, built by the store's own functions, so that every key (each
 * index shard among them, which follows from the person's id) is the one a
 * real consent gets: for filling a table with batch writes.
 */
export function consentingPerson(db: Db, email: string, version: number): WireItem[] {
  const at = new Date().toISOString();
  const person: Person = {
    id: randomUUID(),
    email,
    restricted: false,
    createdAt: at,
    restrictedAt: null,
    objectedToDirectMarketingAt: null,
    marketingConsentsGranted: 1,
  };
  const given = {
    subjectId: person.id,
    purposeId: 'marketing',
    status: 'GRANTED',
    noticeId: NOTICE_ID,
    noticeVersion: version,
    method: 'WEB_FORM',
    receiptId: randomUUID(),
  } as const;
  const consent: Consent = {
    ...given,
    updatedAt: at,
    revision: 1,
    confirmedDespiteSignal: false,
  };
  const entry: ConsentHistoryEntry = {
    ...given,
    at,
    requestedStatus: null,
    confirmedDespiteSignal: false,
  };
  const { current, history } = consentWrites(db, consent, entry, randomUUID());
  return [...personPuts(db, person), current, history].map(wire);
}
