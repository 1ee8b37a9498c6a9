import { reportOverdueRequests } from './requests/overdue';
import { runRetention, type RetentionReport } from './retention';
import { freshServices, type Services } from './services';

export interface ScheduledJobReport extends RetentionReport {
  overdueRequests: number;
}

/**
 * The scheduled job, hourly on AWS and every minute locally: retention, then
 * the count of overdue requests. Safe to run twice at once.
 */
export async function runScheduledJob(base: Services): Promise<ScheduledJobReport> {
  const services = freshServices(base);
  const report = await runRetention(services);
  return { ...report, overdueRequests: await reportOverdueRequests(services) };
}
