import { randomUUID } from 'node:crypto';
import { getConsent, getRegistration, registrationPut, registrationUpdate } from '../store/people';
import { transact } from '../store/transactions';
import { auditItem } from './audit';
import type { Caller } from './caller';
import {
  consentChangeWrites,
  decideGrant,
  withdrawGranted,
  requireConsentPurpose,
  requireCurrentNotice,
  type PrivacySignals,
} from './consent';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError, orConflict } from './errors';
import { declaredCategories, requireEvent } from './events';
import { writeForPerson, type GuardedWrite } from './people';
import {
  disclosuresOfChoices,
  registrationGrantWrites,
  requireChoices,
  type SeparateConsentChoice,
} from './separate-consents';
import type { Services } from './services';
import type { Attendee, Registration } from './types';
import {
  BOUNDS,
  normaliseEmail,
  requireIdentifier,
  requireIdentifiers,
  requireLength,
  requireWholeNumber,
} from './validation';
import { ATTENDEE_FIELD_CATEGORY, isMarketing, type AttendeeField } from './vocabulary';

export interface RegisterInput {
  eventId: string;
  attendee: { [field in AttendeeField]?: string | null };
  noticeId: string;
  noticeVersion: number;
  consentPurposeIds?: string[] | null;
  separateConsents?: SeparateConsentChoice[] | null;
}

const ATTENDEE_FIELDS = Object.keys(ATTENDEE_FIELD_CATEGORY) as AttendeeField[];

/** The fields given, trimmed, each within its bound. */
function givenAttendee(attendee: RegisterInput['attendee']): Attendee {
  const given: Attendee = {};
  for (const field of ATTENDEE_FIELDS) {
    const value = attendee[field]?.trim();
    if (!value) continue;
    requireLength(value, `attendee.${field}`, BOUNDS.attendeeLength[field]);
    given[field] = field === 'email' ? normaliseEmail(value) : value;
  }
  return given;
}

/**
 * Minimisation by construction: only the fields whose categories the event
 * declared are kept; any other field given is refused.
 */
function acceptAttendee(given: Attendee, declared: Set<string>): Attendee {
  const kept: Attendee = {};
  const undeclared: string[] = [];
  for (const field of ATTENDEE_FIELDS) {
    const value = given[field];
    if (!value) continue;
    if (!declared.has(ATTENDEE_FIELD_CATEGORY[field])) {
      undeclared.push(`${field} (${ATTENDEE_FIELD_CATEGORY[field]})`);
      continue;
    }
    kept[field] = value;
  }
  if (undeclared.length > 0) {
    throw new BadInputError(
      `This event does not collect ${undeclared.join(', ')}: leave ${undeclared.length > 1 ? 'them' : 'it'} out`,
    );
  }
  if (!kept.email) throw new BadInputError('attendee.email is required');
  return kept;
}

/**
 * PUBLIC: registers a person for an event. The registration, the person (when
 * new), the consents given with it and the audit entry are one transaction.
 */
export async function registerForEvent(
  services: Services,
  caller: Caller,
  input: RegisterInput,
  signals: PrivacySignals,
): Promise<Registration> {
  requireIdentifier(input.eventId, 'eventId');
  requireIdentifier(input.noticeId, 'noticeId');
  requireWholeNumber(input.noticeVersion, 'noticeVersion', BOUNDS.versionNumber);
  const consentPurposeIds = requireIdentifiers(input.consentPurposeIds, 'consentPurposeIds');
  const separateChoices = requireChoices(input.separateConsents);
  const given = givenAttendee(input.attendee);
  const event = await requireEvent(services, input.eventId);
  const now = services.now();
  if (Date.parse(event.endsAt) <= now.getTime()) {
    throw new ConflictError(`Event "${event.id}" has ended: registration is closed`);
  }
  const attendee = acceptAttendee(given, declaredCategories(event));
  await requireCurrentNotice(services, input.noticeId, input.noticeVersion);
  const purposes = await Promise.all(
    [...new Set(consentPurposeIds)].map((id) => requireConsentPurpose(services, id)),
  );
  const separateDisclosures = await disclosuresOfChoices(services, separateChoices);

  return writeForPerson(services, attendee.email ?? '', async (person, existing) => {
    const registration: Registration = {
      id: randomUUID(),
      subjectId: person.id,
      eventId: event.id,
      status: 'REGISTERED',
      attendee,
      noticeId: input.noticeId,
      noticeVersion: input.noticeVersion,
      registeredAt: now.toISOString(),
      cancelledAt: null,
      deidentifiedAt: null,
    };
    const writes: GuardedWrite[] = [
      {
        item: registrationPut(services.db, registration),
        conflict: `This person is registered for event "${event.id}" already`,
      },
    ];
    // A marketing tick the person's state refuses (restriction, objection, a
    // refusal by the signal) is not recorded; the registration stands (PIPL Art. 16).
    const decided = new Set<string>();
    let marketingGranted = false;
    for (const purpose of purposes) {
      const current = existing ? await getConsent(services.db, person.id, purpose.id) : null;
      const change = decideGrant(
        person,
        current,
        {
          purpose,
          method: 'EVENT_REGISTRATION',
          noticeId: input.noticeId,
          noticeVersion: input.noticeVersion,
          askedBy: 'FORM',
          confirmDespiteSignal: false,
        },
        signals,
      );
      if (!change) continue;
      decided.add(purpose.id);
      marketingGranted ||= change.status === 'GRANTED' && isMarketing(purpose.dpvPurpose);
      writes.push(...consentChangeWrites(services, person, current, change, now).writes);
    }
    if (signals.globalPrivacyControl && existing) {
      // The signal opts the person out of marketing they consented to before
      // (11 CCR §7025), unless they confirmed it despite the signal.
      writes.push(
        ...(await withdrawGranted(
          services,
          person,
          (purpose, consent) =>
            isMarketing(purpose.dpvPurpose) &&
            !decided.has(purpose.id) &&
            !consent.confirmedDespiteSignal,
          'GLOBAL_PRIVACY_CONTROL',
          now,
        )),
      );
    }
    // Each tick its own consent (PIPL Art. 23): none ticked blocks nothing.
    writes.push(
      ...(await registrationGrantWrites(
        services,
        person,
        existing,
        separateDisclosures,
        { noticeId: input.noticeId, noticeVersion: input.noticeVersion },
        now,
      )),
    );
    writes.push({
      item: auditItem(
        services,
        caller,
        {
          action: 'registerForEvent',
          entity: 'Registration',
          entityId: registration.id,
          details: { eventId: event.id },
        },
        now,
      ),
    });
    return {
      writes,
      result: registration,
      ...(marketingGranted ? { marketingGranted: 'BY_FORM' as const } : {}),
    };
  });
}

/** SUBJECT (their own) or ADMIN. */
export async function cancelRegistration(
  services: Services,
  caller: Caller,
  registrationId: string,
): Promise<Registration> {
  requireIdentifier(registrationId, 'id');
  const registration = await getRegistration(services.db, registrationId);
  const person = registration && (await services.loaders.person.load(registration.subjectId));
  const own =
    caller.role === 'SUBJECT' &&
    caller.email !== null &&
    person?.email === normaliseEmail(caller.email);
  if (!registration) throw new NotFoundError(`No registration "${registrationId}"`);
  if (caller.role !== 'ADMIN' && !own) throw new ForbiddenError('This is not your registration');
  if (registration.status !== 'REGISTERED') {
    throw new ConflictError(`The registration is ${registration.status.toLowerCase()} already`);
  }
  const now = services.now();
  const cancelled: Registration = {
    ...registration,
    status: 'CANCELLED',
    cancelledAt: now.toISOString(),
  };
  await orConflict(
    transact(services.db, [
      registrationUpdate(services.db, cancelled, 'REGISTERED'),
      auditItem(
        services,
        caller,
        { action: 'cancelRegistration', entity: 'Registration', entityId: registration.id },
        now,
      ),
    ]),
    'The registration changed meanwhile; read it again',
  );
  return cancelled;
}
