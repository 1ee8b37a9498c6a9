import { listExpiredUnverified, unverifiedRequestDeletes } from '../../store/requests';
import { ConditionFailed, transactOnce } from '../../store/transactions';
import { retry } from '../../lib/retry';
import type { Services } from '../services';

const PAGE = 100;
/** A sweep that meets the outbox recording the request's mail tries again a moment later. */
const LOST_RACE_RETRY = { baseMs: 20, capMs: 200, attempts: 5 };

/**
 * Deletes every unverified request whose code has expired, with its lookup
 * and its verification mail: found through their lookups' index by expiry,
 * never by reading the table. What DynamoDB's time to live does on AWS, done
 * on time and locally too. A request verified or swept meanwhile is left
 * alone, so two runs at once delete each one once.
 */
export async function sweepUnverifiedRequests(services: Services): Promise<number> {
  const now = services.now().toISOString();
  let removed = 0;
  let after: string | null = null;
  do {
    const page = await listExpiredUnverified(services.db, now, { limit: PAGE, after });
    for (const ref of page.items) {
      try {
        const deleted = await retry(
          () => transactOnce(services.db, unverifiedRequestDeletes(services.db, ref)),
          { ...LOST_RACE_RETRY, retryable: lostRace },
        );
        if (deleted) removed += 1;
      } catch (error) {
        // Still losing to concurrent changes of the same items: the next run sees it.
        if (!(error instanceof ConditionFailed)) throw error;
      }
    }
    after = page.cursor;
  } while (after);
  return removed;
}

/** A transaction cancelled by a concurrent one, not by a condition of its own. */
function lostRace(error: unknown): boolean {
  return error instanceof ConditionFailed && error.failedItems.length === 0;
}
