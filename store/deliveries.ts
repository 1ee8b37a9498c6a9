import { randomUUID } from 'node:crypto';
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
  // The token of the last claim is the store's own (see claimDelivery).
  const { claimId, ...delivery } = item;
  return entityOf<Delivery>(delivery, DELIVERY_NULLABLE);
}

function deliveryItem(delivery: Delivery): Item {
  return {
    ...deliveryKeys.delivery(delivery.id, delivery.subjectId),
    ...deliveryKeys.indexes(delivery.id, delivery.status, delivery.createdAt),
    ...itemOf(deliveryKeys.waiting(delivery.id, delivery.status, delivery.nextAttemptAt)),
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

/** An update's SET and REMOVE clauses, from attribute values (null: remove it). */
function updateOf(attributes: Record<string, unknown>) {
  const entries = Object.entries(attributes);
  const sets = entries.filter(([, value]) => value !== null);
  const removes = entries.filter(([, value]) => value === null).map(([name]) => `#${name}`);
  return {
    UpdateExpression: [
      `SET ${sets.map(([name]) => `#${name} = :${name}`).join(', ')}`,
      ...(removes.length > 0 ? [`REMOVE ${removes.join(', ')}`] : []),
    ].join(' '),
    names: Object.fromEntries(entries.map(([name]) => [`#${name}`, name])),
    values: Object.fromEntries(sets.map(([name, value]) => [`:${name}`, value])),
  };
}

/** The delivery's state attributes and the index keys that go with them. */
function stateAttributes(
  delivery: Pick<Delivery, 'id' | 'status' | 'nextAttemptAt'>,
): Record<string, unknown> {
  return {
    status: delivery.status,
    gsi2pk: deliveryKeys.statusPartition(delivery.id, delivery.status),
    nextAttemptAt: delivery.nextAttemptAt,
    ...deliveryKeys.waiting(delivery.id, delivery.status, delivery.nextAttemptAt),
  };
}

/**
 * Takes a pending delivery for one try, as it was seen (in a stream image or
 * the due index), provided nobody took it or recorded a try since: its next
 * try moves to `until`, so that no other process takes it while this one
 * tries, and a process that dies trying leaves it due again then. Answers the
 * delivery as it now is, or null when somebody else got there first.
 */
export async function claimDelivery(
  db: Db,
  seen: Delivery,
  until: string,
): Promise<Delivery | null> {
  // A claim DynamoDB wrote but whose answer was lost is sent again by the
  // SDK: its own token lets it through, where "as seen" no longer holds.
  const claimId = randomUUID();
  const update = updateOf({
    ...stateAttributes({ ...seen, status: 'PENDING', nextAttemptAt: until }),
    claimId,
  });
  const dueAsSeen =
    seen.nextAttemptAt === null ? 'attribute_not_exists(#nextAttemptAt)' : '#nextAttemptAt = :seen';
  try {
    const { Attributes } = await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: deliveryKeys.delivery(seen.id, seen.subjectId),
        ConditionExpression: `#status = :status AND attempts = :attempts AND (${dueAsSeen} OR #claimId = :claimId)`,
        UpdateExpression: update.UpdateExpression,
        ExpressionAttributeNames: update.names,
        ExpressionAttributeValues: {
          ...update.values,
          ':attempts': seen.attempts,
          ...(seen.nextAttemptAt === null ? {} : { ':seen': seen.nextAttemptAt }),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes ? deliveryOf(Attributes) : null;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return null;
    throw error;
  }
}

/** Up to `limit` PENDING deliveries due by `now`, the longest due first; `more` when others are due too. */
export async function dueDeliveries(
  db: Db,
  now: string,
  limit: number,
): Promise<{ deliveries: Delivery[]; more: boolean }> {
  // Sort keys are `<nextAttemptAt>#<id>`: '$' follows '#', so every one due by `now` sorts before it.
  const result = await queryPage(db, { ...deliveryKeys.due, sortTo: `${now}$` }, { limit });
  return { deliveries: result.items.map(deliveryOf), more: result.cursor !== null };
}

/** The FAILED delivery of this id, as the index shows it (a redelivery checks it again as it writes). */
export async function findFailedDelivery(db: Db, id: string): Promise<Delivery | null> {
  const result = await queryPage(db, deliveryKeys.failed(id), { limit: 1 });
  const [item] = result.items;
  return item ? deliveryOf(item) : null;
}

/** A FAILED delivery made PENDING again, provided it is still FAILED as read: for its change's transaction. */
export function redeliveryUpdate(db: Db, failed: Delivery, again: Delivery): TransactItem {
  const update = updateOf({
    ...stateAttributes(again),
    retryWindowStart: again.retryWindowStart,
    attemptsBeforeWindow: again.attemptsBeforeWindow,
  });
  return {
    Update: {
      TableName: db.table,
      Key: deliveryKeys.delivery(failed.id, failed.subjectId),
      ConditionExpression: '#status = :failed AND attempts = :attempts',
      UpdateExpression: update.UpdateExpression,
      ExpressionAttributeNames: update.names,
      ExpressionAttributeValues: {
        ...update.values,
        ':failed': 'FAILED' satisfies DeliveryStatus,
        ':attempts': failed.attempts,
      },
    },
  };
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
  const sent = outcome.status === 'SENT';
  const update = updateOf({
    attempts: delivery.attempts + 1,
    ...stateAttributes({
      id: delivery.id,
      status: outcome.status,
      nextAttemptAt: outcome.nextAttemptAt ?? null,
    }),
    ...(sent ? { sentAt: outcome.at } : {}),
    ...(outcome.error !== undefined ? { lastError: outcome.error } : {}),
    // What was sent is kept while it may be sent again (PENDING, or FAILED for a redelivery).
    ...(sent ? { mail: null, webhook: null } : {}),
  });
  return {
    TableName: db.table,
    Key: deliveryKeys.delivery(delivery.id, delivery.subjectId),
    ConditionExpression: 'attempts = :previous AND #status = :pending',
    UpdateExpression: update.UpdateExpression,
    ExpressionAttributeNames: update.names,
    ExpressionAttributeValues: {
      ...update.values,
      ':previous': delivery.attempts,
      ':pending': 'PENDING' satisfies DeliveryStatus,
    },
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
