/**
 * The one-time codes the API mails (a request's verification, a sign-in):
 * six digits, stored only as a hash salted with what the code is for, and
 * compared in constant time.
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

/** Six random digits, leading zeros kept. */
export function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** What is stored of a code: its hash, salted with what it is for (a request's id, a sign-in's). */
export function hashCode(salt: string, code: string): string {
  return createHash('sha256').update(`${salt}:${code}`).digest('hex');
}

/** Whether `code`, as typed (surrounding spaces dropped), is the one whose hash was stored. */
export function codeMatches(salt: string, code: string, storedHash: string): boolean {
  const given = hashCode(salt, code.trim());
  return (
    given.length === storedHash.length &&
    timingSafeEqual(Buffer.from(given), Buffer.from(storedHash))
  );
}
