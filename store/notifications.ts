import { paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { FanOutStep, NoticeChangeNotification, Person } from '../domain/types';
import type { Db } from './db';
import { entityOf, itemOf, type Item } from './items';
import { ITEM_KIND, PERSON_ITEM, noticeKeys, notificationKeys, personKeys } from './keys';
import { queryAll, queryPage, type Page } from './pages';
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

export async function listNotifications(
  db: Db,
  noticeId: string,
): Promise<NoticeChangeNotification[]> {
  const items = await queryAll(db, {
    partition: noticeKeys.notice(noticeId).pk,
    sortPrefix: notificationKeys.prefix,
  });
  return items.map((item) => entityOf<NoticeChangeNotification>(item, ['changeSummary']));
}

/** The shards people are listed in: a fan-out runs one chain of steps through each. */
export const PEOPLE_SHARDS = notificationKeys.people.shards;

/** One page of the people of one shard (of every shard when none is named), in id order. */
export async function peoplePage(
  db: Db,
  shard: number | undefined,
  after: string | null,
  limit: number,
): Promise<Page<Person>> {
  const listing =
    shard === undefined ? notificationKeys.people : notificationKeys.peopleShard(shard);
  const page = await queryPage(db, listing, { limit, after });
  return {
    items: page.items.map((item) => entityOf<Person>(item, ['restrictedAt'])),
    cursor: page.cursor,
  };
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
  const pages = paginateQuery(
    { client: db.doc },
    {
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
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      const sk = String(item.sk);
      if (sk.startsWith(PERSON_ITEM.consent)) grantedConsents += 1;
      else if (sk.startsWith(PERSON_ITEM.registration))
        registeredEventIds.push(String(item.eventId));
    }
  }
  return { grantedConsents, registeredEventIds };
}
