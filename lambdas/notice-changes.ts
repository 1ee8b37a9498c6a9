/**
 * Stream handler: turns a material publication into a notification and its
 * fan-out, and runs each fan-out step. On AWS its event source mapping passes
 * only these records (filter: a version item now PUBLISHED with material true,
 * or a new fan-out step); locally the same checks below skip the rest.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { loggingFailures } from '../adapters/telemetry';
import {
  fanOutStep,
  isMaterialPublication,
  startNotification,
} from '../domain/notifications/fan-out';
import { freshServices, type Services } from '../domain/services';
import type { VersionRecord } from '../store/notices';
import type { FanOutStepRecord } from '../store/notifications';
import { image } from './outbox';
import { lambdaEntryPoint } from './runtime';
import { noticeChangesSettings } from './settings';

export function isPublicationRecord(record: DynamoDBRecord): boolean {
  const next = record.dynamodb?.NewImage;
  return (
    next?.sk?.S?.startsWith('VERSION#') === true &&
    next.state?.S === 'PUBLISHED' &&
    next.material?.BOOL === true
  );
}

export function isFanOutStepRecord(record: DynamoDBRecord): boolean {
  return record.eventName === 'INSERT' && record.dynamodb?.NewImage?.kind?.S === 'fanout';
}

export function createNoticeChangesHandler(services: Services, logger: Logger) {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  const handleRecord = async (record: DynamoDBRecord) => {
    if (isPublicationRecord(record)) {
      const version = image<VersionRecord>(record.dynamodb?.NewImage);
      const before = image<VersionRecord>(record.dynamodb?.OldImage);
      if (version && isMaterialPublication(version, before))
        await startNotification(freshServices(services), version);
    } else if (isFanOutStepRecord(record)) {
      const step = image<FanOutStepRecord>(record.dynamodb?.NewImage);
      if (step) await fanOutStep(freshServices(services), step);
    }
  };
  return (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
    processPartialResponse(event, loggingFailures(logger, handleRecord), processor, {
      throwOnFullBatchFailure: false,
    });
}

export const handler = lambdaEntryPoint({
  name: 'notice-changes',
  settings: noticeChangesSettings,
  build: (_settings, { services, telemetry }) =>
    createNoticeChangesHandler(services, telemetry.logger),
});
