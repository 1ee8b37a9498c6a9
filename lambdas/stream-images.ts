import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { Item } from '../store/items';

type StreamImage = NonNullable<DynamoDBRecord['dynamodb']>['NewImage'];

/** An image a stream record carries, as the entity its item stores (the store's own mapping). */
export function image<T>(streamImage: StreamImage, entityOf: (item: Item) => T): T | null {
  return streamImage ? entityOf(unmarshall(streamImage as Record<string, AttributeValue>)) : null;
}
