/**
 * Stream handler: turns a material publication into a notification and its
 * fan-out, and runs each fan-out step. On AWS its event source mapping passes
 * only these records (filter: a version item now PUBLISHED with material true,
 * or a new fan-out step); locally the same checks below skip the rest.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import {
  fanOutStep,
  isMaterialPublication,
  startNotification,
} from '../domain/notifications/fan-out';
import { freshServices, type Services } from '../domain/services';
import type { FanOutStep, StoredVersion } from '../domain/types';
import { servicesFromEnvironment } from './environment';
import { image } from './outbox';

export function isPublicationRecord(record: DynamoDBRecord): boolean {
  const next = record.dynamodb?.NewImage;
  return (
    next?.sk?.S?.startsWith('VERSION#') === true &&
    next.state?.S === 'PUBLISHED' &&
    next.material?.BOOL === true
  );
}

export function isFanOutStep(record: DynamoDBRecord): boolean {
  return record.eventName === 'INSERT' && record.dynamodb?.NewImage?.kind?.S === 'fanout';
}

export function createNoticeChangesHandler(services: Services) {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  const handleRecord = async (record: DynamoDBRecord) => {
    if (isPublicationRecord(record)) {
      const version = image<StoredVersion>(record.dynamodb?.NewImage);
      const before = image<StoredVersion>(record.dynamodb?.OldImage);
      if (version && isMaterialPublication(version, before))
        await startNotification(freshServices(services), version);
    } else if (isFanOutStep(record)) {
      const step = image<FanOutStep>(record.dynamodb?.NewImage);
      if (step) await fanOutStep(freshServices(services), step);
    }
  };
  return (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
    processPartialResponse(event, handleRecord, processor, { throwOnFullBatchFailure: false });
}

let fromEnvironment: ReturnType<typeof createNoticeChangesHandler> | undefined;

export const handler = (event: DynamoDBStreamEvent) => {
  fromEnvironment ??= createNoticeChangesHandler(servicesFromEnvironment());
  return fromEnvironment(event);
};
