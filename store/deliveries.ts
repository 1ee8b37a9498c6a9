import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import DataLoader from 'dataloader';
import type { DeliveryStatus } from '../domain/constants';
import type { Delivery } from '../domain/types';
import type { Db } from './db';
import { batchGet, batchWrite } from './batch';
import { entityOf, itemOf, type Item } from './items';
import { ITEM_KIND, deliveryKeys } from './keys';
import { queryPage, type Page, type PageRequest } from './pages';
import { ConditionFailed, transact, type TransactItem } from './transactions';

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

function deliveryItem(delivery: Delivery): Item {
  return {
    ...deliveryKeys.delivery(delivery.id, delivery.subjectId),
    ...deliveryKeys.indexes(delivery.id, delivery.status, delivery.createdAt),
    kind: ITEM_KIND.delivery,
    ...itemOf(delivery),
  };
}

/** Put once: a delivery's id names its receiver and its cause, so a repeat is refused. */
export function deliveryPut(db: Db, delivery: Delivery): TransactItem {
  return {
    Put: {
      TableName: db.table,
      Item: deliveryItem(delivery),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * Writes deliveries as they are, in batches, with no condition: for the one
 * writer of these ids (a fan-out step, one at a time per chain), which has
 * read which exist when it could have written them before.
 */
export async function writeDeliveries(db: Db, deliveries: Delivery[]): Promise<void> {
  await batchWrite(
    db,
    deliveries.map((delivery) => ({ PutRequest: { Item: deliveryItem(delivery) } })),
  );
}

export interface DeliveryKey {
  id: string;
  subjectId: string | null;
}

/** Deliveries by key, read consistently: what was recorded last, not what the stream says. */
export async function getDeliveries(
  db: Db,
  keys: readonly DeliveryKey[],
): Promise<(Delivery | null)[]> {
  const items = await batchGet(
    db,
    keys.map((key) => deliveryKeys.delivery(key.id, key.subjectId)),
    { consistent: true },
  );
  return items.map((item) => item && deliveryOf(item));
}

export interface AttemptOutcome {
  status: DeliveryStatus;
  at: string;
  error?: string;
  nextAttemptAt?: string;
}

export interface Attempt {
  delivery: Delivery;
  outcome: AttemptOutcome;
}

/** The update of one try, provided nobody recorded it first (attempts and status still as read). */
function attemptUpdate(
  db: Db,
  { delivery, outcome }: Attempt,
): NonNullable<TransactItem['Update']> {
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
  return {
    TableName: db.table,
    Key: deliveryKeys.delivery(delivery.id, delivery.subjectId),
    ConditionExpression: 'attempts = :previous AND #status = :pending',
    UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: values,
  };
}

/**
 * Records one try, provided nobody recorded it first (attempts still as read):
 * false when another process got there first.
 */
export async function recordAttempt(db: Db, attempt: Attempt): Promise<boolean> {
  try {
    await db.doc.send(new UpdateCommand(attemptUpdate(db, attempt)));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** TransactWriteItems takes at most this many items. */
const ATTEMPTS_PER_WRITE = 100;
/** How long the tries that end together wait for each other to be recorded in one write. */
const ATTEMPT_GATHERING_MS = 10;

/**
 * Records the tries of one batch of deliveries together: the tries that end
 * within a few milliseconds of each other go in one transaction, each still
 * under its own condition. When one condition fails, each is recorded alone,
 * so that only that one is refused. Answers, for each try, whether it was
 * recorded.
 */
export function createAttemptRecorder(db: Db): DataLoader<Attempt, boolean> {
  return new DataLoader(
    async (attempts) => {
      if (attempts.length > 1) {
        try {
          await transact(
            db,
            attempts.map((attempt) => ({ Update: attemptUpdate(db, attempt) })),
          );
          return attempts.map(() => true);
        } catch (error) {
          if (!(error instanceof ConditionFailed)) throw error;
        }
      }
      return Promise.all(attempts.map((attempt) => recordAttempt(db, attempt)));
    },
    {
      cache: false,
      maxBatchSize: ATTEMPTS_PER_WRITE,
      batchScheduleFn: (dispatch) => setTimeout(dispatch, ATTEMPT_GATHERING_MS),
    },
  );
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
