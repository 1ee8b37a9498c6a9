import { randomUUID } from 'node:crypto';
import {
  findSubjectId,
  marketingConsentCount,
  personAsRead,
  personPuts,
  readPerson,
} from '../store/people';
import { ConditionFailed, transact, type TransactItem } from '../store/transactions';
import type { Caller } from './caller';
import type { ConsentView } from './consent';
import { ConflictError, ForbiddenError } from './errors';
import type { SubjectRequest } from './requests/types';
import type { Services } from './services';
import type { ConsentHistoryEntry, Person, Registration, SharingRecord } from './types';
import { isEmailAddress, normaliseEmail, requireEmail } from './validation';

/** Everything held about a person, as the Subject type shows it. */
export interface Subject extends Person {
  consents: ConsentView[];
  registrations: Registration[];
  sharingRecords: SharingRecord[];
  requests: SubjectRequest[];
}

/** The verified address behind a SUBJECT token; without one the person cannot be found. */
export function verifiedEmailOf(caller: Caller): string {
  if (caller.role !== 'SUBJECT' || !caller.email || !isEmailAddress(caller.email)) {
    throw new ForbiddenError('This needs a person’s token with a verified email address');
  }
  return normaliseEmail(caller.email);
}

/** One Query on the person's key, sorted into what the Subject type shows. */
async function loadSubject(services: Services, subjectId: string): Promise<Subject | null> {
  const items = await readPerson(services.db, subjectId);
  if (!items.profile) return null;
  const history = new Map<string, ConsentHistoryEntry[]>();
  for (const entry of items.consentHistory) {
    history.set(entry.purposeId, [...(history.get(entry.purposeId) ?? []), entry]);
  }
  return {
    ...items.profile,
    consents: items.consents.map((consent) => ({
      ...consent,
      history: history.get(consent.purposeId) ?? [],
    })),
    registrations: items.registrations,
    sharingRecords: items.sharing,
    requests: items.requests,
  };
}

export async function findSubjectByEmail(
  services: Services,
  email: string,
): Promise<Subject | null> {
  const subjectId = await findSubjectId(services.db, normaliseEmail(requireEmail(email, 'email')));
  return subjectId ? loadSubject(services, subjectId) : null;
}

/** SUBJECT: the person behind the token, or null when nothing is held about them. */
export async function me(services: Services, caller: Caller): Promise<Subject | null> {
  return findSubjectByEmail(services, verifiedEmailOf(caller));
}

const PERSON_ATTEMPTS = 3;

/** One write of a change, and what to tell the caller if its condition fails. */
export interface GuardedWrite {
  item: TransactItem;
  conflict?: string;
}

/** What a change about a person writes, and what it answers once written. */
export interface PersonChange<T> {
  writes: GuardedWrite[];
  result: T;
  /** A marketing consent is granted: by the person themselves, it lifts their objection to direct marketing. */
  marketingGranted?: 'BY_PERSON' | 'BY_FORM';
}

/**
 * Writes a change about the person with this address in one transaction,
 * creating the person first if there is none, and answers the change's
 * result. The change is decided on the person as read (restricted or not,
 * objecting or not): if that changed meanwhile, it is decided again. Two first writes for one new address race on the address's lookup
 * item: the loser reads the winner's person and writes again, so one address
 * is always one person. A failed condition of the change itself is CONFLICT,
 * with the write's own message.
 */
export async function writeForPerson<T>(
  services: Services,
  email: string,
  change: (person: Person, existing: boolean) => Promise<PersonChange<T>>,
): Promise<T> {
  const address = normaliseEmail(email);
  for (let attempt = 1; ; attempt += 1) {
    const subjectId = await findSubjectId(services.db, address);
    const existing = subjectId
      ? await services.loaders.person.clear(subjectId).load(subjectId)
      : null;
    const person: Person = existing ?? {
      id: randomUUID(),
      email: address,
      restricted: false,
      createdAt: services.now().toISOString(),
      restrictedAt: null,
      objectedToDirectMarketingAt: null,
      marketingConsentsGranted: 0,
    };
    const { writes, result, marketingGranted } = await change(person, existing !== null);
    const personItems = !existing
      ? personPuts(services.db, person)
      : [
          marketingGranted
            ? marketingConsentCount(services.db, existing, marketingGranted === 'BY_PERSON')
            : personAsRead(services.db, existing),
        ];
    try {
      await transact(services.db, [...personItems, ...writes.map((write) => write.item)]);
      return result;
    } catch (error) {
      if (!(error instanceof ConditionFailed)) throw error;
      const failedWrite = error.failedItems
        .filter((index) => index >= personItems.length)
        .map((index) => writes[index - personItems.length])[0];
      if (failedWrite || attempt >= PERSON_ATTEMPTS) {
        throw new ConflictError(
          failedWrite?.conflict ?? 'The person’s records changed at the same time; try again',
        );
      }
    }
  }
}
