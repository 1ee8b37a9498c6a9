/**
 * PIPL separate consent (单独同意, Arts. 23, 39): one specific authorisation
 * per person, partner and scope, never bundled with another, each kept as an
 * append-only history with what the person was told when they gave it.
 */
import { randomUUID } from 'node:crypto';
import {
  getSeparateConsent,
  listSeparateConsentHistory,
  listSeparateConsents,
  separateConsentWrites,
} from '../store/separate-consents';
import type { Caller } from './caller';
import { noticeInEffect, requireCurrentNotice } from './consent';
import {
  assertNever,
  type ConsentMethod,
  type ConsentStatus,
  type DataCategory,
  type HandlerRole,
  type SeparateConsentScope,
} from './constants';
import { BadInputError, ConflictError } from './errors';
import { listEvents } from './events';
import { findPartner, requirePartner, type PartnerView } from './partners';
import { verifiedEmailOf, writeForPerson, type PersonChange } from './people';
import { findPurpose } from './purposes';
import type { Services } from './services';
import type {
  ConsentEventRecord,
  Disclosure,
  Event,
  Person,
  SeparateConsent,
  SeparateConsentHistoryEntry,
} from './types';
import { BOUNDS, requireIdentifier, requireListLength, requireWholeNumber } from './validation';

/** A separate consent as callers see it: with its history when it was read with the person's. */
export type SeparateConsentView = SeparateConsent & {
  history: SeparateConsentHistoryEntry[] | null;
};

/** Whether data going to `country` leaves the handler's country; unknown is not abroad. */
export function isCrossBorder(services: Services, country: string | null): boolean {
  return country !== null && country !== services.controller.country;
}

/** Whether the recipient decides its own purposes and means, so that providing to it is Art. 23's case. */
export function isOtherHandler(role: HandlerRole): boolean {
  switch (role) {
    case 'INDEPENDENT_HANDLER':
    case 'JOINT_HANDLER':
      return true;
    case 'ENTRUSTED_PARTY':
      return false;
    default:
      return assertNever(role);
  }
}

/**
 * The separate consents a person is asked for before their data goes to this
 * partner from a registration: provision to another handler, and abroad
 * when the partner's country is known to differ from the handler's.
 */
export function scopesFor(services: Services, partner: PartnerView): SeparateConsentScope[] {
  return [
    ...(isOtherHandler(partner.role) ? (['PROVISION_TO_HANDLER'] as const) : []),
    ...(isCrossBorder(services, partner.country) ? (['CROSS_BORDER'] as const) : []),
  ];
}

/**
 * What the person is told (PIPL Arts. 23, 39): the partner's name, contact,
 * country, method and, abroad, how to exercise rights against it; the
 * purposes and categories are what the admin declared for the partner
 * together with the data uses of every event it cosponsors.
 */
export async function disclosureOf(
  services: Services,
  partner: PartnerView,
  scope: SeparateConsentScope,
): Promise<Disclosure> {
  const cosponsored = (await listEvents(services)).filter((event: Event) =>
    event.cosponsorIds.includes(partner.id),
  );
  const uses = cosponsored.flatMap((event) => event.dataUses);
  const purposeNames = await Promise.all(
    [...new Set(uses.map((use) => use.purposeId))].map(
      async (id) => (await findPurpose(services, id))?.name ?? null,
    ),
  );
  const categories = new Set<DataCategory>([
    ...partner.disclosedCategories,
    ...uses.map((use) => use.category),
  ]);
  return {
    partnerId: partner.id,
    scope,
    recipientName: partner.name,
    recipientContact: partner.contact,
    recipientCountry: partner.country,
    purposes: [
      ...new Set([...partner.disclosedPurposes, ...purposeNames.filter((name) => name !== null)]),
    ],
    categories: [...categories],
    processingMethod: partner.processingMethod,
    rightsProcedure: scope === 'CROSS_BORDER' ? partner.rightsProcedure : null,
  };
}

/**
 * PUBLIC: what to show before asking. A scope that does not apply to the
 * partner today is answered too: a sharing record's destination can differ
 * from the partner's country, and an admin can change the partner's role.
 */
export async function separateConsentDisclosure(
  services: Services,
  partnerId: string,
  scope: SeparateConsentScope,
): Promise<Disclosure> {
  requireIdentifier(partnerId, 'partnerId');
  return disclosureOf(services, await requirePartner(services, partnerId), scope);
}

/** PUBLIC: one unticked box per cosponsor and scope that a registration for the event asks. */
export async function eventDisclosures(services: Services, event: Event): Promise<Disclosure[]> {
  const disclosures: Disclosure[] = [];
  for (const partnerId of event.cosponsorIds) {
    const partner = await findPartner(services, partnerId);
    if (!partner) continue;
    for (const scope of scopesFor(services, partner)) {
      disclosures.push(await disclosureOf(services, partner, scope));
    }
  }
  return disclosures;
}

interface SeparateChange {
  partnerId: string;
  scope: SeparateConsentScope;
  status: ConsentStatus;
  method: ConsentMethod;
  noticeId: string;
  noticeVersion: number;
  disclosure: Disclosure | null;
}

function sameDisclosure(a: Disclosure | null, b: Disclosure | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The writes that move a separate consent to a new status: the current item
 * (guarded by its revision) and a history entry. Nothing when the status,
 * notice version and disclosure are already the same.
 */
export function separateChangeWrites(
  services: Services,
  person: Person,
  existing: SeparateConsent | null,
  change: SeparateChange,
  at: Date,
): PersonChange<SeparateConsent> {
  if (
    existing &&
    existing.status === change.status &&
    existing.noticeId === change.noticeId &&
    existing.noticeVersion === change.noticeVersion &&
    sameDisclosure(existing.disclosure, change.disclosure)
  ) {
    return { result: existing, writes: [] };
  }
  const receiptId = randomUUID();
  const consent: SeparateConsent = {
    subjectId: person.id,
    partnerId: change.partnerId,
    scope: change.scope,
    status: change.status,
    noticeId: change.noticeId,
    noticeVersion: change.noticeVersion,
    method: change.method,
    updatedAt: at.toISOString(),
    receiptId,
    disclosure: change.disclosure,
    revision: (existing?.revision ?? 0) + 1,
  };
  const entry: SeparateConsentHistoryEntry = {
    subjectId: person.id,
    partnerId: change.partnerId,
    scope: change.scope,
    status: change.status,
    at: consent.updatedAt,
    noticeId: change.noticeId,
    noticeVersion: change.noticeVersion,
    method: change.method,
    receiptId,
    disclosure: change.status === 'GRANTED' ? change.disclosure : null,
  };
  const { current, history } = separateConsentWrites(services.db, consent, entry, randomUUID());
  return {
    result: consent,
    writes: [
      { item: current, conflict: 'The separate consent changed at the same time; read it again' },
      { item: history },
    ],
  };
}

export interface SeparateConsentInput {
  partnerId: string;
  scope: SeparateConsentScope;
  noticeId: string;
  noticeVersion: number;
}

async function changeOwn(
  services: Services,
  caller: Caller,
  partnerId: string,
  scope: SeparateConsentScope,
  decide: (existing: SeparateConsent | null) => Promise<SeparateChange | null>,
): Promise<SeparateConsentView> {
  const email = verifiedEmailOf(caller);
  const consent = await writeForPerson(services, email, async (person, existingPerson) => {
    const existing = existingPerson
      ? await getSeparateConsent(services.db, person.id, partnerId, scope)
      : null;
    const change = await decide(existing);
    if (!change) return { writes: [], result: existing };
    return separateChangeWrites(services, person, existing, change, services.now());
  });
  if (!consent) throw new ConflictError('The separate consent could not be recorded; try again');
  return { ...consent, history: null };
}

/** SUBJECT: a separate consent under the notice version in effect, with what was disclosed. */
export async function grantSeparateConsent(
  services: Services,
  caller: Caller,
  input: SeparateConsentInput,
): Promise<SeparateConsentView> {
  verifiedEmailOf(caller);
  requireIdentifier(input.partnerId, 'partnerId');
  requireIdentifier(input.noticeId, 'noticeId');
  requireWholeNumber(input.noticeVersion, 'noticeVersion', BOUNDS.versionNumber);
  const partner = await requirePartner(services, input.partnerId);
  await requireCurrentNotice(services, input.noticeId, input.noticeVersion);
  const disclosure = await disclosureOf(services, partner, input.scope);
  return changeOwn(services, caller, partner.id, input.scope, async () => ({
    partnerId: partner.id,
    scope: input.scope,
    status: 'GRANTED',
    method: 'WEB_FORM',
    noticeId: input.noticeId,
    noticeVersion: input.noticeVersion,
    disclosure,
  }));
}

/**
 * SUBJECT: one call, no condition. As withdrawConsent: withdrawn twice is
 * withdrawn once, and what was never given is recorded as refused under the
 * notice in effect.
 */
export async function withdrawSeparateConsent(
  services: Services,
  caller: Caller,
  partnerId: string,
  scope: SeparateConsentScope,
): Promise<SeparateConsentView> {
  verifiedEmailOf(caller);
  requireIdentifier(partnerId, 'partnerId');
  const partner = await requirePartner(services, partnerId);
  return changeOwn(services, caller, partner.id, scope, async (existing) => {
    if (existing?.status === 'WITHDRAWN') return null;
    const notice = existing
      ? { noticeId: existing.noticeId, noticeVersion: existing.noticeVersion }
      : await noticeInEffect(services).then(({ id, number }) => ({
          noticeId: id,
          noticeVersion: number,
        }));
    return {
      partnerId: partner.id,
      scope,
      status: 'WITHDRAWN',
      method: 'WEB_FORM',
      ...notice,
      disclosure: existing?.disclosure ?? null,
    };
  });
}

export interface SeparateConsentChoice {
  partnerId: string;
  scope: SeparateConsentScope;
}

/**
 * The ticks of a registration form, checked before anything is read: within
 * the bound, each partner id well-formed, each partner and scope once.
 */
export function requireChoices(
  choices: readonly SeparateConsentChoice[] | null | undefined,
): SeparateConsentChoice[] {
  const given = requireListLength(choices ?? [], 'separateConsents', BOUNDS.separateConsentChoices);
  const seen = new Set<string>();
  for (const [index, choice] of given.entries()) {
    requireIdentifier(choice.partnerId, `separateConsents[${index}].partnerId`);
    const key = `${choice.partnerId}#${choice.scope}`;
    if (seen.has(key)) {
      throw new BadInputError(
        `separateConsents names ${choice.scope} for partner "${choice.partnerId}" twice: one tick each`,
      );
    }
    seen.add(key);
  }
  return given;
}

/** What each ticked box disclosed, to be recorded with its consent; an unknown partner is the caller's mistake. */
export async function disclosuresOfChoices(
  services: Services,
  choices: readonly SeparateConsentChoice[],
): Promise<Disclosure[]> {
  return Promise.all(
    choices.map(async (choice, index) => {
      const partner = await findPartner(services, choice.partnerId);
      if (!partner) throw new BadInputError(`separateConsents[${index}] names no known partner`);
      return disclosureOf(services, partner, choice.scope);
    }),
  );
}

/** The writes of the separate consents ticked on a registration form, each on its own. */
export async function registrationGrantWrites(
  services: Services,
  person: Person,
  existingPerson: boolean,
  disclosures: Disclosure[],
  notice: { noticeId: string; noticeVersion: number },
  at: Date,
): Promise<PersonChange<null>['writes']> {
  const writes: PersonChange<null>['writes'] = [];
  for (const disclosure of disclosures) {
    const existing = existingPerson
      ? await getSeparateConsent(services.db, person.id, disclosure.partnerId, disclosure.scope)
      : null;
    const change: SeparateChange = {
      partnerId: disclosure.partnerId,
      scope: disclosure.scope,
      status: 'GRANTED',
      method: 'EVENT_REGISTRATION',
      ...notice,
      disclosure,
    };
    writes.push(...separateChangeWrites(services, person, existing, change, at).writes);
  }
  return writes;
}

/** The person's separate consents, each with its history, oldest entry first. */
export async function separateConsentsOf(
  services: Services,
  subjectId: string,
): Promise<SeparateConsentView[]> {
  const [consents, entries] = await Promise.all([
    listSeparateConsents(services.db, subjectId),
    listSeparateConsentHistory(services.db, subjectId),
  ]);
  return consents.map((consent) => ({
    ...consent,
    history: entries.filter(
      (entry) => entry.partnerId === consent.partnerId && entry.scope === consent.scope,
    ),
  }));
}

/** Oldest first, never rewritten; as ConsentEvent shows it. */
export async function separateHistoryOf(
  services: Services,
  consent: SeparateConsentView,
): Promise<ConsentEventRecord[]> {
  const entries =
    consent.history ?? (await listSeparateConsentHistory(services.db, consent.subjectId, consent));
  return [...entries]
    .sort((a, b) => a.at.localeCompare(b.at))
    .map((entry) => ({ ...entry, requestedStatus: null, confirmedDespiteSignal: false }));
}

/** The person's separate consents as an access or portability export shows them. */
export async function exportedSeparateConsents(services: Services, subjectId: string) {
  return (await separateConsentsOf(services, subjectId)).map(
    ({
      partnerId,
      scope,
      status,
      noticeId,
      noticeVersion,
      method,
      updatedAt,
      disclosure,
      history,
    }) => ({
      partnerId,
      scope,
      status,
      noticeId,
      noticeVersion,
      method,
      updatedAt,
      disclosure,
      history: [...(history ?? [])]
        .sort((a, b) => a.at.localeCompare(b.at))
        .map(({ status, at, noticeVersion, method }) => ({ status, at, noticeVersion, method })),
    }),
  );
}
