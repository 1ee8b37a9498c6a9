import { listRequests } from '../../store/requests';
import type { Services } from '../services';

/** Past this many the count stops: the metric says "at least", and the job stays short. */
export const OVERDUE_COUNT_LIMIT = 1_000;
const PAGE = 100;

/**
 * Counts the requests past their deadline and not yet answered, up to
 * OVERDUE_COUNT_LIMIT, and reports the count as the OverdueRequests metric.
 */
export async function reportOverdueRequests(services: Services): Promise<number> {
  const now = services.now().toISOString();
  let count = 0;
  let after: string | null = null;
  do {
    const page = await listRequests(services.db, { overdue: true, now }, { limit: PAGE, after });
    count += page.items.length;
    after = page.cursor;
  } while (after && count < OVERDUE_COUNT_LIMIT);
  const reported = Math.min(count, OVERDUE_COUNT_LIMIT);
  services.telemetry.count('OverdueRequests', reported);
  return reported;
}
