import { UTCDate } from '@date-fns/utc';
import { addBusinessDays, addDays, addMonths, endOfDay, isWeekend, nextMonday } from 'date-fns';

import { assertNever, type Jurisdiction } from '../constants';

export interface DeadlineSettings {
  /** PIPL names no period: 15 working days is the house rule (REFERENCE.md), not the law. */
  piplWorkingDays: number;
  /** The ICO's practice: a GDPR deadline on a weekend moves to the Monday after. */
  rollWeekendsForward: boolean;
  /** How long a request waits for its mailed code before it counts as gone. */
  unverifiedHours: number;
}

/** 15 working days for PIPL, GDPR deadlines on the day the month rule gives. */
export const DEFAULT_DEADLINES: DeadlineSettings = {
  piplWorkingDays: 15,
  rollWeekendsForward: false,
  unverifiedHours: 24,
};

/** A period ends with its last day, counted in UTC. */
function lastMoment(day: UTCDate): Date {
  return new Date(endOfDay(day).getTime());
}

/** Calendar months from receipt, clamped to the month's end, optionally off the weekend. */
function gdprMonths(received: UTCDate, months: number, settings: DeadlineSettings): Date {
  const due = addMonths(received, months);
  return lastMoment(settings.rollWeekendsForward && isWeekend(due) ? nextMonday(due) : due);
}

/**
 * The statutory deadline from receipt. GDPR: one calendar month, the day of
 * receipt not counted, ending on the same-numbered day of the next month or
 * that month's last day (Regulation 1182/71 Art. 3; 31 January -> 28/29
 * February). CCPA: 45 calendar days. PIPL: the house rule in working days.
 */
export function statutoryDeadline(
  jurisdiction: Jurisdiction,
  receivedAt: Date,
  settings: DeadlineSettings,
): Date {
  const received = new UTCDate(receivedAt.getTime());
  switch (jurisdiction) {
    case 'GDPR':
      return gdprMonths(received, 1, settings);
    case 'CCPA':
      return lastMoment(addDays(received, 45));
    case 'PIPL':
      return lastMoment(addBusinessDays(received, settings.piplWorkingDays));
    default:
      return assertNever(jurisdiction);
  }
}

/**
 * The deadline after the one extension the law allows, counted from receipt
 * (GDPR: two further months, three in all; CCPA: 45 more days, 90 in all), or
 * null where it allows none.
 */
export function extendedDeadline(
  jurisdiction: Jurisdiction,
  receivedAt: Date,
  settings: DeadlineSettings,
): Date | null {
  const received = new UTCDate(receivedAt.getTime());
  switch (jurisdiction) {
    case 'GDPR':
      return gdprMonths(received, 3, settings);
    case 'CCPA':
      return lastMoment(addDays(received, 90));
    case 'PIPL':
      return null;
    default:
      return assertNever(jurisdiction);
  }
}
