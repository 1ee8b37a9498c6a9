/**
 * Stream handler: makes the first try of each new mail and webhook of the
 * outbox. Which records it is given (deliveries just written, untried) is
 * written once, in lambdas/stream-filters.ts: its event source mapping on AWS
 * and the local stream pump pass only those, and the guard below checks the
 * same patterns again. Every later try is the due job's (lambdas/due-deliveries.ts).
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBRecord, DynamoDBStreamEvent, DynamoDBBatchResponse } from 'aws-lambda';
import { loggingFailures } from '../adapters/telemetry';
import { attemptDelivery } from '../domain/deliveries';
import type { Senders } from '../domain/senders';
import { freshServices, type Services } from '../domain/services';
import { lambdaEntryPoint } from './runtime';
import { lambdaSenders } from './senders';
import { outboxSettings } from './settings';
import { STREAM_FILTERS, passesFilters } from './stream-filters';
import { image } from './stream-images';
import { deliveryOf } from '../store/deliveries';

/** Read from the raw image, so that no other item is ever unmarshalled here. */
export function isNewDelivery(record: DynamoDBRecord): boolean {
  return passesFilters(record, STREAM_FILTERS.outbox);
}

export function createOutboxHandler(services: Services, senders: Senders, logger: Logger) {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  // One batch's records share their services, so that their reads and records are batched too.
  const handleRecord = (batch: Services) => async (record: DynamoDBRecord) => {
    if (!isNewDelivery(record)) return;
    const delivery = image(record.dynamodb?.NewImage, deliveryOf);
    if (!delivery) return;
    await attemptDelivery(batch, senders, delivery);
  };
  return (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
    processPartialResponse(
      event,
      loggingFailures(logger, handleRecord(freshServices(services))),
      processor,
      { throwOnFullBatchFailure: false },
    );
}

export const handler = lambdaEntryPoint({
  name: 'outbox',
  settings: outboxSettings,
  build: (settings, { services, telemetry }) =>
    createOutboxHandler(services, lambdaSenders(settings, telemetry), telemetry.logger),
});
