/**
 * An unverified request counts as gone once its code expires: its holder
 * never showed the address was theirs, so nothing of it is kept beyond then.
 */
import type { SubjectRequest } from './types';

const HOUR_MS = 3_600_000;

/**
 * When a request received at `receivedAt` and not verified by then is gone:
 * in whole seconds, since DynamoDB's time to live counts in seconds.
 */
export function unverifiedExpiry(receivedAt: Date, unverifiedHours: number): Date {
  return new Date(Math.ceil((receivedAt.getTime() + unverifiedHours * HOUR_MS) / 1000) * 1000);
}

/** Still waiting for its code, and past the time the code was good for. */
export function isGone(request: SubjectRequest, now: Date): boolean {
  return (
    request.status === 'AWAITING_VERIFICATION' &&
    request.verification !== null &&
    Date.parse(request.verification.expiresAt) <= now.getTime()
  );
}

/** The id of a request's verification mail, which goes with the request while it is unverified. */
export function verificationMailId(requestId: string): string {
  return `request.verification-${requestId}-1`;
}
