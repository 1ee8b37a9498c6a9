/**
 * Stream handler: turns a material publication into a notification and its
 * fan-out, and runs each fan-out step. Which records it is given (a version
 * item now PUBLISHED with material true, or a new fan-out step) is written
 * once, in lambdas/stream-filters.ts: its event source mapping on AWS and the
 * local stream pump pass only those, and the guards below check the same
 * patterns again.
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
import type { Senders } from '../domain/senders';
import { freshServices, type Services } from '../domain/services';
import { versionOf } from '../store/notices';
import { fanOutStepOf } from '../store/notifications';
import { image } from './stream-images';
import { lambdaEntryPoint } from './runtime';
import { lambdaSenders } from './senders';
import { noticeChangesSettings } from './settings';
import { STREAM_PATTERNS, matchesPattern } from './stream-filters';

export function isPublicationRecord(record: DynamoDBRecord): boolean {
  return matchesPattern(record, STREAM_PATTERNS.materialPublication);
}

export function isFanOutStepRecord(record: DynamoDBRecord): boolean {
  return matchesPattern(record, STREAM_PATTERNS.newFanOutStep);
}

export function createNoticeChangesHandler(services: Services, senders: Senders, logger: Logger) {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  const handleRecord = async (record: DynamoDBRecord) => {
    if (isPublicationRecord(record)) {
      const version = image(record.dynamodb?.NewImage, versionOf);
      const before = image(record.dynamodb?.OldImage, versionOf);
      if (version && isMaterialPublication(version, before))
        await startNotification(freshServices(services), version);
    } else if (isFanOutStepRecord(record)) {
      const step = image(record.dynamodb?.NewImage, fanOutStepOf);
      if (step) await fanOutStep(freshServices(services), senders, step);
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
  build: (settings, { services, telemetry }) =>
    createNoticeChangesHandler(services, lambdaSenders(settings, telemetry), telemetry.logger),
});
