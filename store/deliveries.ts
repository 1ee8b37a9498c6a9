import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { DeliveryStatus } from '../domain/constants';
import type { Delivery } from '../domain/types';
import type { Db } from './db';
import { entityOf, getItem, itemOf, type Item } from './items';
import { ITEM_KIND, deliveryKeys } from './keys';
import { queryPage, type Page, type PageRequest } from './pages';
import type { TransactItem } from './transactions';

const DELIVERY_NULLABLE = [
  'subjectId',
  'sentAt',
  'lastError',
  'nextAttemptAt',
  'mail',
  'webhook',
] as const satisfies readonly (keyof Delivery)[];

/** A delivery as the domain sees it, from its item (or its stream image). */
export function deliveryOf(item: Item): Delivery {
  return entityOf<Delivery>(item, DELIVERY_NULLABLE);
}

/** Put once: a delivery's id names its receiver and its cause, so a repeat is refused. */
export function deliveryPut(db: Db, delivery: Delivery): TransactItem {
  return {
    Put: {
      TableName: db.table,
      Item: {
        ...deliveryKeys.delivery(delivery.id, delivery.subjectId),
        ...deliveryKeys.indexes(delivery.id, delivery.status, delivery.createdAt),
        kind: ITEM_KIND.delivery,
        ...itemOf(delivery),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export async function getDelivery(
  db: Db,
  id: string,
  subjectId: string | null,
): Promise<Delivery | null> {
  const item = await getItem(db, deliveryKeys.delivery(id, subjectId));
  return item && deliveryOf(item);
}

export interface AttemptOutcome {
  status: DeliveryStatus;
  at: string;
  error?: string;
  nextAttemptAt?: string;
}

/**
 * Records one try, provided nobody recorded it first (attempts still as read):
 * false when another process got there first.
 */
export async function recordAttempt(
  db: Db,
  delivery: Delivery,
  outcome: AttemptOutcome,
): Promise<boolean> {
  const sets = ['attempts = :next', '#status = :status', 'gsi2pk = :statusKey'];
  const values: Record<string, unknown> = {
    ':previous': delivery.attempts,
    ':next': delivery.attempts + 1,
    ':status': outcome.status,
    ':statusKey': deliveryKeys.statusPartition(delivery.id, outcome.status),
    ':pending': 'PENDING',
  };
  const removes: string[] = [];
  if (outcome.status === 'SENT') {
    sets.push('sentAt = :at');
    values[':at'] = outcome.at;
  }
  if (outcome.error !== undefined) {
    sets.push('lastError = :error');
    values[':error'] = outcome.error;
  }
  if (outcome.nextAttemptAt) {
    sets.push('nextAttemptAt = :nextAttemptAt');
    values[':nextAttemptAt'] = outcome.nextAttemptAt;
  } else {
    removes.push('nextAttemptAt');
  }
  // A mail's body (a verification code, say) is kept only while it may still be sent.
  if (outcome.status !== 'PENDING') removes.push('mail');
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: deliveryKeys.delivery(delivery.id, delivery.subjectId),
        ConditionExpression: 'attempts = :previous AND #status = :pending',
        UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Newest first, all or one status's. */
export async function listDeliveries(
  db: Db,
  status: DeliveryStatus | undefined,
  page: PageRequest,
): Promise<Page<Delivery>> {
  const target = status ? deliveryKeys.byStatus(status) : deliveryKeys.all;
  const result = await queryPage(db, { ...target, descending: true }, page);
  return {
    items: result.items.map(deliveryOf),
    cursor: result.cursor,
  };
}
