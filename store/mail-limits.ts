import type { Db } from './db';
import { getItem } from './items';
import { mailLimitKeys, TTL_ATTRIBUTE } from './keys';
import type { TransactItem } from './transactions';

/** The mails an address was sent lately, as the limit on mail counts them. */
export interface MailWindow {
  /** When each was sent, oldest first. */
  sentAt: string[];
  /** Counts the changes: a write that read an older revision loses. */
  revision: number;
}

export async function getMailWindow(db: Db, address: string): Promise<MailWindow | null> {
  const item = await getItem(db, mailLimitKeys.address(address));
  if (!item) return null;
  return { sentAt: (item.sentAt as string[]).toSorted(), revision: Number(item.revision) };
}

/**
 * The address's window as `next`, for the transaction of the change that
 * mails: provided it is still as it was read (`read`, or absent when null),
 * so two changes that read the same window cannot both add to it. The item
 * expires, by DynamoDB's time to live, at `expiresAt`.
 */
export function mailWindowPut(
  db: Db,
  address: string,
  read: MailWindow | null,
  next: MailWindow,
  expiresAt: Date,
): TransactItem {
  return {
    Put: {
      TableName: db.table,
      Item: {
        ...mailLimitKeys.address(address),
        sentAt: next.sentAt,
        revision: next.revision,
        [TTL_ATTRIBUTE]: Math.ceil(expiresAt.getTime() / 1000),
      },
      ...(read
        ? {
            ConditionExpression: 'revision = :read',
            ExpressionAttributeValues: { ':read': read.revision },
          }
        : { ConditionExpression: 'attribute_not_exists(pk)' }),
    },
  };
}
