/**
 * In place of `@smithy/core/event-streams` in the Lambda bundles: the SDK's
 * protocols load it for operations that stream events, and neither DynamoDB
 * nor SES has any.
 */
import { leftOut } from './left-out';

const REASON = 'no DynamoDB or SES operation streams events';

export const EventStreamSerde = leftOut('EventStreamSerde', REASON);
export const eventStreamSerdeProvider = leftOut('eventStreamSerdeProvider', REASON);
