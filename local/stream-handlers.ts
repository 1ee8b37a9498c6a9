import type { Logger } from '@aws-lambda-powertools/logger';
import type { Senders } from '../domain/senders';
import type { Services } from '../domain/services';
import { createNoticeChangesHandler } from '../lambdas/notice-changes';
import { createOutboxHandler } from '../lambdas/outbox';
import type { StreamHandlerName } from '../lambdas/stream-filters';
import type { StreamHandler } from './stream-pump';

/** The stream handlers Lambda runs, built once for the local runtime and the tests. */
export function streamHandlers(
  services: Services,
  senders: Senders,
  logger: Logger,
): Record<StreamHandlerName, StreamHandler> {
  return {
    'notice-changes': createNoticeChangesHandler(services, senders, logger),
    outbox: createOutboxHandler(services, senders, logger),
  };
}
