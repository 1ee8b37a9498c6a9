import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A write whose condition did not hold: somebody else changed the item first. */
export class ConditionFailed extends Error {
  constructor(
    /** Positions in the transaction of the items whose conditions failed. */
    readonly failedItems: number[],
  ) {
    super('A condition of the write did not hold');
    this.name = 'ConditionFailed';
  }
}

/**
 * Writes a state change and everything it causes (audit entries, outbox items)
 * as one TransactWriteItems: all of it or none of it.
 */
export async function transact(db: Db, items: TransactItem[]): Promise<void> {
  try {
    await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      const reasons = error.CancellationReasons ?? [];
      const failed = reasons.flatMap((reason, index) =>
        reason.Code === 'ConditionalCheckFailed' ? [index] : [],
      );
      // A transaction that lost to a concurrent one is as much a conflict as a failed condition.
      const lostRace = reasons.some((reason) => reason.Code === 'TransactionConflict');
      if (failed.length > 0 || lostRace) throw new ConditionFailed(failed);
    }
    throw error;
  }
}

/**
 * A write whose conditions only keep it from being made twice: false, and
 * nothing written, when it was made before (a repeated stream record, say).
 */
export async function transactOnce(db: Db, items: TransactItem[]): Promise<boolean> {
  try {
    await transact(db, items);
    return true;
  } catch (error) {
    if (error instanceof ConditionFailed && error.failedItems.length > 0) return false;
    throw error;
  }
}
