import type { Logger } from '@aws-lambda-powertools/logger';
import { errorFacts } from '../adapters/telemetry';
import { DUE_POLL_MS, runDueJob } from '../domain/deliveries';
import { runScheduledJob } from '../domain/scheduled-job';
import type { Senders } from '../domain/senders';
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

/**
 * Runs the due job (domain/deliveries.ts) for the life of the server: the
 * deliveries whose next try is due are tried, looked for every `pollMs`, as
 * the scheduled Lambda function does on AWS.
 */
export function startDueDeliveriesJob(
  base: Services,
  senders: Senders,
  logger: Logger,
  pollMs = DUE_POLL_MS,
): PeriodicJob {
  const stopping = new AbortController();
  const running = runDueJob(base, senders, {
    keepGoing: () => !stopping.signal.aborted,
    signal: stopping.signal,
    onError: (error) => logger.error('Due deliveries failed', { error: errorFacts(error) }),
    pollMs,
  });
  return {
    async stop() {
      stopping.abort();
      await running;
    },
  };
}
