import {
  countAttendee,
  listEventRegistrations,
  listEventsDueForRetention,
  markRetentionDone,
} from '../store/events';
import { registrationUpdate } from '../store/people';
import type { Page } from '../store/pages';
import { ConditionFailed, transactOnce } from '../store/transactions';
import { retry } from '../lib/retry';
import type { Services } from './services';
import type { Registration } from './types';

export interface RetentionReport {
  events: number;
  deidentified: number;
}

const PAGE = 100;
/** Transactions on one event's counters collide when runs overlap: spread the retries. */
const COUNTER_RACE_BACKOFF = { baseMs: 10, capMs: 200 };

/**
 * De-identifies the attendees of every event whose retention period has
 * passed (endsAt + retentionDays). Each registration loses its attendee data
 * in the same transaction that adds the person to the event's aggregate
 * counts, under the condition that it still has attendee data: run twice, or
 * twice at once, every person is counted once.
 */
export async function runRetention(services: Services): Promise<RetentionReport> {
  const now = services.now().toISOString();
  const report: RetentionReport = { events: 0, deidentified: 0 };
  for (const event of await listEventsDueForRetention(services.db, now)) {
    let after: string | null = null;
    do {
      const page: Page<Registration> = await listEventRegistrations(services.db, event.id, {
        limit: PAGE,
        after,
      });
      for (const registration of page.items) {
        if (registration.status === 'DEIDENTIFIED' || !registration.attendee) continue;
        if (await deidentify(services, registration, now)) report.deidentified += 1;
      }
      after = page.cursor;
    } while (after);
    await markRetentionDone(services.db, event.id, now);
    report.events += 1;
  }
  return report;
}

async function deidentify(
  services: Services,
  registration: Registration,
  at: string,
): Promise<boolean> {
  const attendee = registration.attendee ?? {};
  const writes = [
    registrationUpdate(
      services.db,
      { ...registration, status: 'DEIDENTIFIED', attendee: null, deidentifiedAt: at },
      registration.status,
    ),
  ];
  // Cancelled registrations are de-identified too, but only attendance counts.
  if (registration.status === 'REGISTERED')
    writes.push(countAttendee(services.db, registration.eventId, attendee));
  // A failed condition: another run de-identified this one first. A race lost
  // for the event's counters to another transaction is tried again.
  return retry(() => transactOnce(services.db, writes), {
    ...COUNTER_RACE_BACKOFF,
    attempts: 10,
    retryable: (error) => error instanceof ConditionFailed,
  });
}
