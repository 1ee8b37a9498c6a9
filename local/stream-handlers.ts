import type { Senders } from '../domain/deliveries';
import type { Services } from '../domain/services';
import { createOutboxHandler } from '../lambdas/outbox';
import type { StreamHandler } from './stream-pump';

/** The stream handlers Lambda runs, built once for the local runtime and the tests. */
export function streamHandlers(services: Services, senders: Senders): StreamHandler[] {
  return [createOutboxHandler(services, senders)];
}
