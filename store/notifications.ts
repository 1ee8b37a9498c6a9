import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db';
import {
  ITEM_KIND,
  PERSON_ITEM,
  noticeKeys,
  notificationKeys,
  personKeys,
  withoutKeys,
} from './keys';
import { queryAll, queryPage, type Page } from './pages';
import type { PersonRecord } from './people';
import type { TransactItem } from './transactions';

export interface NotificationRecord {
  noticeId: string;
  version: number;
  createdAt: string;
  effectiveAt: string;
  changeSummary: string | null;
  subjectsNotified: number;
  partnersNotified: number;
}

/** One step of a fan-out: the next page of people starts after `cursor`. */
export interface FanOutStepRecord {
  kind: typeof ITEM_KIND.fanOutStep;
  noticeId: string;
  version: number;
  step: number;
  cursor: string | null;
}

/** The notification of one material version: written once, whoever tries again. */
export function notificationPut(db: Db, notification: NotificationRecord): TransactItem {
  return {
    Put: {
      TableName: db.table,
      Item: {
        ...notificationKeys.notification(notification.noticeId, notification.version),
        ...notification,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export function fanOutStepPut(db: Db, step: FanOutStepRecord): TransactItem {
  return {
    Put: {
      TableName: db.table,
      Item: {
        ...notificationKeys.step(step.noticeId, step.version, step.step),
        kind: step.kind,
        noticeId: step.noticeId,
        version: step.version,
        step: step.step,
        cursor: step.cursor,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** Adds to the notification's counts, in the transaction that creates the deliveries counted. */
export function notificationCount(
  db: Db,
  noticeId: string,
  version: number,
  counts: { subjects?: number; partners?: number },
): TransactItem {
  return {
    Update: {
      TableName: db.table,
      Key: notificationKeys.notification(noticeId, version),
      UpdateExpression: 'ADD subjectsNotified :subjects, partnersNotified :partners',
      ExpressionAttributeValues: {
        ':subjects': counts.subjects ?? 0,
        ':partners': counts.partners ?? 0,
      },
    },
  };
}

export async function listNotifications(db: Db, noticeId: string): Promise<NotificationRecord[]> {
  const items = await queryAll(db, {
    partition: noticeKeys.notice(noticeId).pk,
    sortPrefix: notificationKeys.prefix,
  });
  return items.map((item) => withoutKeys<NotificationRecord>(item));
}

/** One page of everyone held, in id order. */
export async function peoplePage(
  db: Db,
  after: string | null,
  limit: number,
): Promise<Page<PersonRecord>> {
  const page = await queryPage(db, notificationKeys.people, { limit, after });
  return { items: page.items.map((item) => withoutKeys<PersonRecord>(item)), cursor: page.cursor };
}

/**
 * What makes a person someone to tell about a change of one notice: consents
 * granted and registrations made under it (with their events), from one Query
 * on their key.
 */
export async function ties(
  db: Db,
  subjectId: string,
  noticeId: string,
): Promise<{ grantedConsents: number; registeredEventIds: string[] }> {
  let grantedConsents = 0;
  const registeredEventIds: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const result = await db.doc.send(
      new QueryCommand({
        TableName: db.table,
        KeyConditionExpression: 'pk = :p',
        // A filter may not name the sort key: the status narrows, the prefix sorts out below.
        FilterExpression: '#status IN (:granted, :registered) AND noticeId = :notice',
        ProjectionExpression: 'sk, eventId',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':p': personKeys.partition(subjectId),
          ':granted': 'GRANTED',
          ':registered': 'REGISTERED',
          ':notice': noticeId,
        },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of result.Items ?? []) {
      const sk = String(item.sk);
      if (sk.startsWith(PERSON_ITEM.consent)) grantedConsents += 1;
      else if (sk.startsWith(PERSON_ITEM.registration))
        registeredEventIds.push(String(item.eventId));
    }
    startKey = result.LastEvaluatedKey;
  } while (startKey);
  return { grantedConsents, registeredEventIds };
}
