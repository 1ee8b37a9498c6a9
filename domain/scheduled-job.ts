import { reportOverdueRequests } from './requests/overdue';
import { sweepUnverifiedRequests } from './requests/sweep';
import { runRetention, type RetentionReport } from './retention';
import { freshServices, type Services } from './services';

export interface ScheduledJobReport extends RetentionReport {
  /** Unverified requests deleted once their code expired. */
  unverifiedRequestsRemoved: number;
  overdueRequests: number;
}

/**
 * The scheduled job, hourly on AWS and every minute locally: retention, the
 * sweep of expired unverified requests, then the count of overdue requests.
 * Safe to run twice at once.
 */
export async function runScheduledJob(base: Services): Promise<ScheduledJobReport> {
  const services = freshServices(base);
  const report = await runRetention(services);
  return {
    ...report,
    unverifiedRequestsRemoved: await sweepUnverifiedRequests(services),
    overdueRequests: await reportOverdueRequests(services),
  };
}
