import type { Logger } from '@aws-lambda-powertools/logger';
import { errorFacts } from '../adapters/telemetry';
import { runScheduledJob } from '../domain/scheduled-job';
import type { Services } from '../domain/services';

export interface PeriodicJob {
  stop(): Promise<void>;
}

/**
 * Runs the scheduled job (retention, the sweep of expired unverified
 * requests, then the count of overdue requests) now and then every
 * `intervalMs`, never two runs at once in this process (the job is safe to
 * run twice at once anyway): what the Lambda's schedule does on AWS.
 */
export function startRetentionJob(base: Services, intervalMs: number, logger: Logger): PeriodicJob {
  let running: Promise<void> | null = null;
  const run = () => {
    running ??= (async () => {
      const report = await runScheduledJob(base);
      if (report.deidentified > 0 || report.unverifiedRequestsRemoved > 0) {
        logger.info('Scheduled job done', { ...report });
      }
    })()
      .catch((error: unknown) => logger.error('Retention failed', { error: errorFacts(error) }))
      .finally(() => {
        running = null;
      });
  };
  run();
  const timer = setInterval(run, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
