/**
 * When a failed delivery is tried again (CONTRACT.md, Webhooks to partners):
 * the waits double from the first with jitter, each capped, for as long as
 * the window lasts; the window opens when the delivery is created, and again
 * when an admin sends it again.
 */
import { backoffMs, type Backoff } from '../lib/retry';

export interface RetrySchedule extends Backoff {
  /** How long a delivery is tried: its last try is made as the window ends. */
  windowMs: number;
}

const SECOND = 1_000;
const HOUR = 3_600 * SECOND;

/** The contract's schedule: the first retry within 2 s, no wait over an hour, tried for 24 hours. */
export const DEFAULT_RETRY_SCHEDULE: RetrySchedule = {
  baseMs: 2 * SECOND,
  capMs: HOUR,
  windowMs: 24 * HOUR,
};

/**
 * What the settings may choose, in seconds. The first wait is at most 4 s, so
 * that with the due job's one-second poll the first retry still comes within
 * the contract's 5 s; no wait is longer than the contract's hour.
 */
export const RETRY_SCHEDULE_LIMITS = {
  firstSeconds: 4,
  maxWaitSeconds: 3_600,
  windowSeconds: 30 * 86_400,
};

/** Where a delivery stands in its window of tries. */
export interface RetryWindow {
  /** When the window opened: the delivery's creation, or its last redelivery. */
  startedAt: string;
  /** Tries made in this window, the one that just failed included. */
  tries: number;
}

/**
 * When the try after a failed one is due: after the back-off (lib/retry.ts),
 * or at the window's end if that comes first; null when the failed try was
 * made as the window ended or later, and the delivery has failed.
 */
export function nextTryAt(
  schedule: RetrySchedule,
  window: RetryWindow,
  failedAt: Date,
  random: () => number = Math.random,
): Date | null {
  const end = Date.parse(window.startedAt) + schedule.windowMs;
  const failed = failedAt.getTime();
  if (failed >= end) return null;
  return new Date(Math.min(failed + backoffMs(window.tries, schedule, random), end));
}
