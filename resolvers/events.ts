import * as events from '../domain/events';
import * as partners from '../domain/partners';
import * as purposes from '../domain/purposes';
import * as registrations from '../domain/registrations';
import * as separateConsents from '../domain/separate-consents';
import type {
  AttendanceCount,
  DataUseResolvers,
  EventAttendanceResolvers,
  EventResolvers,
  MutationResolvers,
  QueryResolvers,
  RegistrationResolvers,
} from './types.generated';

export const Query: Pick<QueryResolvers, 'events' | 'event'> = {
  events: (_parent, { upcoming }, { services }) => events.listEvents(services, upcoming),
  event: (_parent, { id }, { services }) => events.findEvent(services, id),
};

export const Mutation: Pick<
  MutationResolvers,
  'createEvent' | 'registerForEvent' | 'cancelRegistration'
> = {
  createEvent: (_parent, { input }, { services, caller }) =>
    events.createEvent(services, caller, input),
  registerForEvent: (_parent, { input }, { services, caller, signals }) =>
    registrations.registerForEvent(services, caller, input, signals),
  cancelRegistration: (_parent, { id }, { services, caller }) =>
    registrations.cancelRegistration(services, caller, id),
};

async function loadedPartners(
  ids: string[],
  load: (id: string) => Promise<partners.PartnerView | null>,
): Promise<partners.PartnerView[]> {
  return (await Promise.all(ids.map(load))).filter((partner) => partner !== null);
}

export const Event: EventResolvers = {
  cosponsors: (event, _args, { services }) =>
    loadedPartners(event.cosponsorIds, (id) => partners.findPartner(services, id)),
  registrations: (event, args, { services }) => events.eventRegistrations(services, event, args),
  separateConsentDisclosures: (event, _args, { services }) =>
    separateConsents.eventDisclosures(services, event),
};

export const DataUse: DataUseResolvers = {
  purpose: (use, _args, { services }) => purposes.requirePurpose(services, use.purposeId),
};

function counts(values: Record<string, number>): AttendanceCount[] {
  return Object.entries(values)
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

export const EventAttendance: EventAttendanceResolvers = {
  byCountry: (attendance) => counts(attendance.byCountry),
  byOrganizationType: (attendance) => counts(attendance.byOrganizationType),
  byIndustry: (attendance) => counts(attendance.byIndustry),
};

export const Registration: RegistrationResolvers = {
  event: (registration, _args, { services }) => events.requireEvent(services, registration.eventId),
};
