import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { FanOutStep, NoticeChangeNotification } from '../domain/types';
import type { Db } from './db';
import { entityOf, itemOf, type Item } from './items';
import { ITEM_KIND, PERSON_ITEM, noticeKeys, notificationKeys, personKeys } from './keys';
import { queryAll, type StartKey } from './pages';
import type { TransactItem } from './transactions';

/** The notification of one material version: written once, whoever tries again. */
export function notificationPut(db: Db, notification: NoticeChangeNotification): TransactItem {
  return {
    Put: {
      TableName: db.table,
      Item: {
        ...notificationKeys.notification(notification.noticeId, notification.version),
        ...itemOf(notification),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** A fan-out step as the domain sees it, from its stream image. */
export function fanOutStepOf(item: Item): FanOutStep {
  return entityOf<FanOutStep>(item, ['cursor']);
}

/** A fan-out step: its INSERT on the stream runs it. */
export function fanOutStepPut(db: Db, step: FanOutStep): TransactItem {
  return {
    Put: {
      TableName: db.table,
      Item: {
        ...notificationKeys.step(step.noticeId, step.version, step.shard, step.step),
        kind: ITEM_KIND.fanOutStep,
        ...itemOf(step),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * Marks a step as run: true the first time, false when it ran before (or its
 * item is gone), when what it writes may have been written already.
 */
export async function claimStep(db: Db, step: FanOutStep, at: string): Promise<boolean> {
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: notificationKeys.step(step.noticeId, step.version, step.shard, step.step),
        UpdateExpression: 'SET startedAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(startedAt)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Adds partners told to the notification's count, in the transaction that creates their deliveries. */
export function partnersCount(
  db: Db,
  noticeId: string,
  version: number,
  partners: number,
): TransactItem {
  return {
    Update: {
      TableName: db.table,
      Key: notificationKeys.notification(noticeId, version),
      UpdateExpression: 'ADD partnersNotified :partners',
      ExpressionAttributeValues: { ':partners': partners },
    },
  };
}

/**
 * The people one shard's chain of steps has told so far. Each chain writes its
 * own item, so no item takes a write per step of every chain.
 */
export function toldPut(
  db: Db,
  step: Pick<FanOutStep, 'noticeId' | 'version' | 'shard'>,
  told: number,
): TransactItem {
  return {
    Put: {
      TableName: db.table,
      Item: { ...notificationKeys.told(step.noticeId, step.version, step.shard), told },
    },
  };
}

/** A notice's notifications, each with the people its chains have told so far. */
export async function listNotifications(
  db: Db,
  noticeId: string,
): Promise<NoticeChangeNotification[]> {
  const items = await queryAll(db, {
    partition: noticeKeys.notice(noticeId).pk,
    sortPrefix: notificationKeys.prefix,
  });
  const told = new Map<string, number>();
  const notifications: { sk: string; notification: NoticeChangeNotification }[] = [];
  for (const item of items) {
    const sk = String(item.sk);
    const [notificationSk] = sk.split(TOLD_SEPARATOR);
    if (notificationSk && notificationSk !== sk)
      told.set(notificationSk, (told.get(notificationSk) ?? 0) + Number(item.told));
    else
      notifications.push({
        sk,
        notification: entityOf<NoticeChangeNotification>(item, ['changeSummary']),
      });
  }
  return notifications.map(({ sk, notification }) => ({
    ...notification,
    subjectsNotified: told.get(sk) ?? 0,
  }));
}

const TOLD_SEPARATOR = '#TOLD#';

/** A consent or registration that ties a person to a notice. */
export interface AudienceTie {
  subjectId: string;
  /** The event of a registration; null for a consent. */
  eventId: string | null;
}

export interface AudiencePage {
  ties: AudienceTie[];
  /** Where the next page starts; null after the shard's last person. */
  cursor: string | null;
}

/**
 * One page of a notice's audience in one shard, in person order, that never
 * splits a person: all of a person's ties are in the one page, so whether to
 * tell them is decided once.
 */
export async function audiencePage(
  db: Db,
  noticeId: string,
  shard: number,
  after: string | null,
  limit: number,
): Promise<AudiencePage> {
  const { partition } = personKeys.audienceShard(noticeId, shard);
  const read = (startKey: StartKey | undefined) =>
    db.doc.send(
      new QueryCommand({
        TableName: db.table,
        IndexName: personKeys.audienceShard(noticeId, shard).index,
        KeyConditionExpression: 'gsi3pk = :p',
        ExpressionAttributeValues: { ':p': partition },
        ProjectionExpression: 'pk, sk, gsi3pk, gsi3sk, subjectId, eventId',
        ExclusiveStartKey: startKey,
        Limit: limit,
      }),
    );
  const first = await read(after ? (JSON.parse(after) as StartKey) : undefined);
  let items = first.Items ?? [];
  let more = first.LastEvaluatedKey;
  const lastSubject = items.at(-1)?.subjectId;
  if (more && lastSubject !== undefined) {
    const whole = items.filter((item) => item.subjectId !== lastSubject);
    if (whole.length > 0) items = whole;
    else {
      // One person's ties fill the page: read on to the end of theirs.
      while (more) {
        const next = await read(more);
        const theirs = (next.Items ?? []).filter((item) => item.subjectId === lastSubject);
        items = [...items, ...theirs];
        if (theirs.length < (next.Items ?? []).length) break;
        more = next.LastEvaluatedKey;
      }
    }
    const last = items.at(-1);
    more = last && { pk: last.pk, sk: last.sk, gsi3pk: last.gsi3pk, gsi3sk: last.gsi3sk };
  }
  return {
    ties: items.map((item) => ({
      subjectId: String(item.subjectId),
      eventId: String(item.sk).startsWith(PERSON_ITEM.registration) ? String(item.eventId) : null,
    })),
    cursor: more ? JSON.stringify(more) : null,
  };
}
