/**
 * Scheduled job, every minute: tries the deliveries whose next try is due
 * (domain/deliveries.ts). Each run keeps looking, every second, for a little
 * over its minute, so that runs overlap and the first retry of a failed try
 * still comes within seconds; two runs at once never try one delivery twice,
 * since each try claims its delivery first.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { errorFacts } from '../adapters/telemetry';
import { runDueJob } from '../domain/deliveries';
import type { Senders } from '../domain/senders';
import type { Services } from '../domain/services';
import { lambdaEntryPoint } from './runtime';
import { lambdaSenders } from './senders';
import { dueDeliveriesSettings } from './settings';

/** How long a run looks for due deliveries: its minute, and a little of the next run's. */
export const DUE_RUN_MS = 70_000;
/**
 * No pass starts with less time than this left before the function's timeout
 * (cdk/stack.ts): a pass of webhooks that all time out takes about 40 s.
 */
export const DUE_PASS_RESERVE_MS = 45_000;

export interface DueDeliveriesReport {
  tried: number;
}

export function createDueDeliveriesHandler(services: Services, senders: Senders, logger: Logger) {
  return async (_event: unknown, context: Partial<Context>): Promise<DueDeliveriesReport> => {
    const started = Date.now();
    const timeLeft = () => context.getRemainingTimeInMillis?.() ?? Infinity;
    const tried = await runDueJob(services, senders, {
      keepGoing: () => Date.now() - started < DUE_RUN_MS && timeLeft() > DUE_PASS_RESERVE_MS,
      onError: (error) => logger.error('Due deliveries failed', { error: errorFacts(error) }),
    });
    return { tried };
  };
}

export const handler = lambdaEntryPoint({
  name: 'due-deliveries',
  settings: dueDeliveriesSettings,
  build: (settings, { services, telemetry }) =>
    createDueDeliveriesHandler(services, lambdaSenders(settings, telemetry), telemetry.logger),
});
