import { listExpiredUnverified, unverifiedRequestDeletes } from '../../store/requests';
import { ConditionFailed, transactOnce } from '../../store/transactions';
import type { Services } from '../services';

const PAGE = 100;

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
        if (await transactOnce(services.db, unverifiedRequestDeletes(services.db, ref))) {
          removed += 1;
        }
      } catch (error) {
        // A transaction that lost to a concurrent change of the same items: the next run sees it.
        if (!(error instanceof ConditionFailed)) throw error;
      }
    }
    after = page.cursor;
  } while (after);
  return removed;
}
