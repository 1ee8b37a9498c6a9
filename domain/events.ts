import { addDays } from 'date-fns';
import { insertEvent, listEventRegistrations, listEvents as readEvents } from '../store/events';
import { auditItem } from './audit';
import type { Caller } from './caller';
import type { DataCategory, EventFormat } from './constants';
import { BadInputError, NotFoundError, orConflict } from './errors';
import { connectionOf, pageRequest, readPage, type Connection, type PageArgs } from './paging';
import { requirePartner } from './partners';
import { requirePurpose } from './purposes';
import type { Services } from './services';
import type { Event, Registration } from './types';
import {
  BOUNDS,
  requireDateTime,
  requireIdentifier,
  requireIdentifiers,
  requireListLength,
  requireText,
  requireWholeNumber,
} from './validation';

export interface CreateEventInput {
  id: string;
  title: string;
  format: EventFormat;
  startsAt: Date;
  endsAt: Date;
  cosponsorIds?: string[] | null;
  dataUses: { category: DataCategory; purposeId: string }[];
  retentionDays: number;
}

export async function findEvent(services: Services, eventId: string): Promise<Event | null> {
  requireIdentifier(eventId, 'id');
  return services.loaders.event.load(eventId);
}

export async function requireEvent(services: Services, eventId: string): Promise<Event> {
  const event = await findEvent(services, eventId);
  if (!event) throw new NotFoundError(`No event "${eventId}"`);
  return event;
}

/** In start order. Upcoming: not ended yet; not upcoming: ended. */
export async function listEvents(services: Services, upcoming?: boolean | null): Promise<Event[]> {
  const now = services.now().toISOString();
  const range = upcoming === true ? { endsFrom: now } : upcoming === false ? { endsTo: now } : {};
  const events = await readEvents(services.db, range);
  return events.sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id));
}

/** The categories an event declared, each for a purpose that covers it. */
export function declaredCategories(event: Event): Set<string> {
  return new Set(event.dataUses.map((use) => use.category));
}

export async function createEvent(
  services: Services,
  caller: Caller,
  input: CreateEventInput,
): Promise<Event> {
  requireIdentifier(input.id, 'id');
  const title = requireText(input.title, 'title', BOUNDS.nameLength);
  requireDateTime(input.startsAt, 'startsAt');
  requireDateTime(input.endsAt, 'endsAt');
  if (input.endsAt.getTime() <= input.startsAt.getTime()) {
    throw new BadInputError('endsAt must come after startsAt');
  }
  requireWholeNumber(input.retentionDays, 'retentionDays', BOUNDS.eventRetentionDays);
  const cosponsorIds = [...new Set(requireIdentifiers(input.cosponsorIds, 'cosponsorIds'))];
  requireListLength(input.dataUses, 'dataUses', BOUNDS.dataUses);
  input.dataUses.forEach((use, index) =>
    requireIdentifier(use.purposeId, `dataUses[${index}].purposeId`),
  );
  if (input.dataUses.length === 0)
    throw new BadInputError('An event declares at least one data use');
  const uses = new Map(input.dataUses.map((use) => [`${use.category}#${use.purposeId}`, use]));
  for (const use of uses.values()) {
    const purpose = await requirePurpose(services, use.purposeId);
    if (!purpose.dataCategories.includes(use.category)) {
      throw new BadInputError(
        `Purpose "${purpose.id}" does not cover ${use.category}: add the category to the purpose first`,
      );
    }
  }
  for (const partnerId of cosponsorIds) await requirePartner(services, partnerId);

  const now = services.now();
  const endsAt = input.endsAt.toISOString();
  const event: Event = {
    id: input.id,
    title,
    format: input.format,
    startsAt: input.startsAt.toISOString(),
    endsAt,
    cosponsorIds,
    dataUses: [...uses.values()].map(({ category, purposeId }) => ({ category, purposeId })),
    retentionDays: input.retentionDays,
    purgeAt: addDays(input.endsAt, input.retentionDays).toISOString(),
    createdAt: now.toISOString(),
    attendance: { total: 0, byCountry: {}, byOrganizationType: {}, byIndustry: {} },
    deidentifiedAt: null,
  };
  const audit = auditItem(
    services,
    caller,
    { action: 'createEvent', entity: 'Event', entityId: event.id },
    now,
  );
  await orConflict(
    insertEvent(services.db, event, [audit]),
    `An event "${event.id}" exists already`,
  );
  return event;
}

export async function eventRegistrations(
  services: Services,
  event: Event,
  args: PageArgs,
): Promise<Connection<Registration>> {
  const page = pageRequest(args);
  const result = await readPage(() => listEventRegistrations(services.db, event.id, page));
  return connectionOf(result.items, result.cursor);
}
