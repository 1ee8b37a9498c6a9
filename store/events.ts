import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Attendee, Event, Registration } from '../domain/types';
import { batchGet } from './batch';
import type { Db } from './db';
import { entityOf, itemOf } from './items';
import { REGISTRATION_NULLABLE } from './people';
import { eventKeys } from './keys';
import { queryAll, queryPage, type Page, type PageRequest } from './pages';
import { transact, type TransactItem } from './transactions';

const EVENT_NULLABLE = ['deidentifiedAt'] as const;

export async function getEvents(db: Db, ids: readonly string[]): Promise<(Event | null)[]> {
  const items = await batchGet(db, ids.map(eventKeys.event));
  return items.map((item) => item && entityOf<Event>(item, EVENT_NULLABLE));
}

/** Events by end time: those ending from `endsFrom` on, or up to `endsTo`, or all. */
export async function listEvents(
  db: Db,
  range: { endsFrom?: string; endsTo?: string },
): Promise<Event[]> {
  const items = await queryAll(db, {
    ...eventKeys.all,
    sortFrom: range.endsFrom,
    // '~' sorts after '#<id>', so an event ending exactly at endsTo is included.
    sortTo: range.endsTo === undefined ? undefined : `${range.endsTo}~`,
  });
  return items.map((item) => entityOf<Event>(item, EVENT_NULLABLE));
}

export async function insertEvent(db: Db, event: Event, alsoWrite: TransactItem[]) {
  await transact(db, [
    {
      Put: {
        TableName: db.table,
        Item: {
          ...eventKeys.event(event.id),
          ...eventKeys.listing(event.id, event.endsAt),
          ...eventKeys.retention(event.id, event.purgeAt),
          ...itemOf(event),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...alsoWrite,
  ]);
}

/** Events whose retention ended by `now` and whose attendees are not all de-identified yet. */
export async function listEventsDueForRetention(db: Db, now: string): Promise<Event[]> {
  const items = await queryAll(db, { ...eventKeys.due, sortTo: `${now}~` });
  return items.map((item) => entityOf<Event>(item, EVENT_NULLABLE));
}

/** The event leaves the retention queue; run twice, the second run changes nothing. */
export async function markRetentionDone(db: Db, eventId: string, at: string) {
  await db.doc.send(
    new UpdateCommand({
      TableName: db.table,
      Key: eventKeys.event(eventId),
      UpdateExpression:
        'SET deidentifiedAt = if_not_exists(deidentifiedAt, :at) REMOVE gsi2pk, gsi2sk',
      ExpressionAttributeValues: { ':at': at },
    }),
  );
}

/** Adds one attendee to the event's counts, within the transaction that de-identifies them. */
export function countAttendee(
  db: Db,
  eventId: string,
  attendee: Pick<Attendee, 'country' | 'organizationType' | 'industry'>,
): TransactItem {
  const names: Record<string, string> = { '#a': 'attendance', '#total': 'total' };
  const values: Record<string, unknown> = { ':one': 1, ':zero': 0 };
  // ADD works on top-level attributes only; nested counters need SET.
  const increment = (path: string) => `${path} = if_not_exists(${path}, :zero) + :one`;
  const sets = [increment('#a.#total')];
  const groups = [
    ['byCountry', attendee.country],
    ['byOrganizationType', attendee.organizationType],
    ['byIndustry', attendee.industry],
  ] as const;
  groups.forEach(([group, value], index) => {
    names[`#g${index}`] = group;
    names[`#v${index}`] = value?.trim() || 'UNKNOWN';
    sets.push(increment(`#a.#g${index}.#v${index}`));
  });
  return {
    Update: {
      TableName: db.table,
      Key: eventKeys.event(eventId),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** One page of an event's registrations, oldest first. */
export async function listEventRegistrations(
  db: Db,
  eventId: string,
  page: PageRequest,
): Promise<Page<Registration>> {
  const result = await queryPage(db, eventKeys.registrations(eventId), page);
  return {
    items: result.items.map((item) => entityOf<Registration>(item, REGISTRATION_NULLABLE)),
    cursor: result.cursor,
  };
}
