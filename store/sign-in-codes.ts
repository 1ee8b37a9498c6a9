import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { SignInCode } from '../domain/types';
import type { Db } from './db';
import { entityOf, getItem, itemOf } from './items';
import { deliveryKeys, signInKeys, TTL_ATTRIBUTE } from './keys';
import type { TransactItem } from './transactions';

/** DynamoDB's time to live: epoch seconds. */
function epochSeconds(iso: string): number {
  return Math.ceil(Date.parse(iso) / 1000);
}

export async function getSignInCode(db: Db, address: string): Promise<SignInCode | null> {
  const item = await getItem(db, signInKeys.code(address));
  return item && entityOf<SignInCode>(item);
}

/**
 * The address's new code, replacing any before it, and the delete of the
 * mail that carried the one it replaces (the address is in it, and its code
 * is spent). Both go when the code expires: its time to live.
 */
export function signInCodeWrites(
  db: Db,
  address: string,
  code: SignInCode,
  replacedMailId: string | null,
): TransactItem[] {
  return [
    {
      Put: {
        TableName: db.table,
        Item: {
          ...signInKeys.code(address),
          ...itemOf(code),
          [TTL_ATTRIBUTE]: epochSeconds(code.expiresAt),
        },
      },
    },
    ...(replacedMailId === null
      ? []
      : [{ Delete: { TableName: db.table, Key: deliveryKeys.delivery(replacedMailId, null) } }]),
  ];
}

/** The outbox item of a code's mail, expiring with the code: a code mailed late is no use. */
export function expiringWithCode(code: SignInCode, mail: TransactItem): TransactItem {
  if (!mail.Put) return mail;
  return {
    Put: { ...mail.Put, Item: { ...mail.Put.Item, [TTL_ATTRIBUTE]: epochSeconds(code.expiresAt) } },
  };
}

/**
 * Counts a wrong try against the code, provided it is still the address's
 * code: false when another has replaced it (or it is gone) meanwhile.
 */
export async function countWrongTry(db: Db, address: string, code: SignInCode): Promise<boolean> {
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: signInKeys.code(address),
        UpdateExpression: 'ADD failedAttempts :one',
        ConditionExpression: 'id = :id',
        ExpressionAttributeValues: { ':one': 1, ':id': code.id },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/**
 * Spends the code: it and its mail go, provided it is still the address's
 * code with fewer wrong tries than `maxAttempts` (two sign-ins with one
 * code, or a sign-in racing the last wrong try, cannot both succeed).
 */
export function spendSignInCode(
  db: Db,
  address: string,
  code: SignInCode,
  mailId: string,
  maxAttempts: number,
): TransactItem[] {
  return [
    {
      Delete: {
        TableName: db.table,
        Key: signInKeys.code(address),
        ConditionExpression: 'id = :id AND failedAttempts < :max',
        ExpressionAttributeValues: { ':id': code.id, ':max': maxAttempts },
      },
    },
    { Delete: { TableName: db.table, Key: deliveryKeys.delivery(mailId, null) } },
  ];
}
