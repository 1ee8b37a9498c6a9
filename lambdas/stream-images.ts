import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { withoutKeys } from '../store/keys';

type StreamImage = NonNullable<DynamoDBRecord['dynamodb']>['NewImage'];

/** An image a stream record carries, as the plain record it stores (without the table's keys). */
export function image<T>(streamImage: StreamImage): T | null {
  return streamImage
    ? withoutKeys<T>(unmarshall(streamImage as Record<string, AttributeValue>))
    : null;
}
