/**
 * The limit on mail that callers without an admin token can cause (CONTRACT.md,
 * Abuse limits): one address is mailed at most MAILS_PER_HOUR times in any
 * hour, so that the API cannot be turned into a tool that floods someone's
 * inbox. The count lives in the table, beside nothing else of the address, and
 * is written in the same transaction as the change and its mail: it holds
 * across restarts and instances, and nothing is mailed that was not counted.
 */
import { getMailWindow, mailWindowPut } from '../store/mail-limits';
import { ConditionFailed, transact, type TransactItem } from '../store/transactions';
import { retry } from '../lib/retry';
import { ConflictError, RateLimitedError } from './errors';
import type { Services } from './services';
import { normaliseEmail } from './validation';

export const MAILS_PER_HOUR = 5;
const WINDOW_MS = 3_600_000;

/** Changes that mail one address at the same moment take turns: each retry reads the count again. */
const TURNS = { attempts: 10, baseMs: 10, capMs: 200 };

/** Another change took the mail count first; this one reads it again. */
class CountTaken extends Error {}

/** What a change that mails writes, the mail's outbox item among them, and what it answers. */
export interface MailingChange<T> {
  writes: TransactItem[];
  result: T;
}

/**
 * One more mail to `email`, counted: the item that records it, for the
 * transaction of the change that mails. Its condition fails if another
 * change counted a mail to the address since it was read. Past the limit
 * nothing is counted and the caller is told how many seconds until the
 * oldest counted mail is an hour old.
 */
export async function mailCount(services: Services, email: string): Promise<TransactItem> {
  const address = normaliseEmail(email);
  const now = services.now();
  const read = await getMailWindow(services.db, address);
  const recent = (read?.sentAt ?? []).filter(
    (sentAt) => Date.parse(sentAt) > now.getTime() - WINDOW_MS,
  );
  const oldest = recent[0];
  if (oldest !== undefined && recent.length >= MAILS_PER_HOUR) {
    const waitMs = Date.parse(oldest) + WINDOW_MS - now.getTime();
    throw new RateLimitedError(
      `This address has been mailed ${MAILS_PER_HOUR} times in the last hour; try again later`,
      Math.max(1, Math.ceil(waitMs / 1000)),
    );
  }
  return mailWindowPut(
    services.db,
    address,
    read,
    { sentAt: [...recent, now.toISOString()], revision: (read?.revision ?? 0) + 1 },
    new Date(now.getTime() + WINDOW_MS),
  );
}

/**
 * Writes a change that mails `address`, counting the mail against the address
 * in the same transaction (see mailCount). `change` is asked again when a
 * concurrent change counted a mail first.
 */
export async function writeCountedMail<T>(
  services: Services,
  email: string,
  change: () => Promise<MailingChange<T>>,
): Promise<T> {
  try {
    return await retry(
      async () => {
        const count = await mailCount(services, email);
        const { writes, result } = await change();
        try {
          await transact(services.db, [count, ...writes]);
        } catch (error) {
          if (!(error instanceof ConditionFailed)) throw error;
          const lostTheCount = error.failedItems.length === 0 || error.failedItems.includes(0);
          throw lostTheCount
            ? new CountTaken()
            : new ConflictError('The records changed at the same time; try again');
        }
        return result;
      },
      { ...TURNS, retryable: (error) => error instanceof CountTaken },
    );
  } catch (error) {
    if (error instanceof CountTaken) {
      throw new ConflictError(MAIL_COUNT_TAKEN);
    }
    throw error;
  }
}

/** What a change is told when another counted a mail to the same address at the same moment. */
export const MAIL_COUNT_TAKEN = 'Other mail to this address is being sent; try again';
