import { runRetention } from '../domain/retention';
import { freshServices, type Services } from '../domain/services';

export interface PeriodicJob {
  stop(): Promise<void>;
}

/**
 * Runs the retention job now and then every `intervalMs`, never two runs at
 * once in this process (the job is safe to run twice at once anyway).
 */
export function startRetentionJob(
  base: Services,
  intervalMs: number,
  log: (line: string) => void,
): PeriodicJob {
  let running: Promise<void> | null = null;
  const run = () => {
    running ??= runRetention(freshServices(base))
      .then((report) => {
        if (report.deidentified > 0) {
          log(
            `retention: ${report.deidentified} registrations of ${report.events} events de-identified`,
          );
        }
      })
      .catch((error: unknown) => log(`retention failed: ${(error as Error).name}`))
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
