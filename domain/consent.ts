import { randomUUID } from 'node:crypto';
import { consentHistory, consentWrites, getConsent, listConsents } from '../store/people';
import { getVersion } from '../store/notices';
import { auditItem } from './audit';
import type { Caller } from './caller';
import type { ConsentMethod, ConsentStatus } from './constants';
import { BadInputError, ConflictError, NotFoundError } from './errors';
import { getNotice, listNotices, currentNumber } from './notices';
import { verifiedEmailOf, writeForPerson, type GuardedWrite, type PersonChange } from './people';
import { findPurpose, requirePurpose } from './purposes';
import type { Services } from './services';
import type { Consent, ConsentHistoryEntry, Notice, Person, Purpose } from './types';
import { BOUNDS, requireIdentifier, requireWholeNumber } from './validation';
import { CATEGORY_DPV, isMarketing } from './vocabulary';

/** A consent as callers see it: with its history when it was read with the rest of the person. */
export type ConsentView = Consent & { history: ConsentHistoryEntry[] | null };

/** What the request itself says about consent: the browser's Global Privacy Control. */
export interface PrivacySignals {
  /** `Sec-GPC: 1`: a refusal of marketing consent. */
  globalPrivacyControl: boolean;
}

const METHODS_A_PERSON_USES: readonly ConsentMethod[] = ['WEB_FORM', 'EMAIL_LINK', 'API'];

export interface ConsentChange {
  purpose: Purpose;
  status: ConsentStatus;
  method: ConsentMethod;
  noticeId: string;
  noticeVersion: number;
  /** What the person asked for, where a signal applies another status. */
  requestedStatus: ConsentStatus | null;
  confirmedDespiteSignal: boolean;
}

/** A purpose that people can consent to: it must rest on consent. */
export async function requireConsentPurpose(
  services: Services,
  purposeId: string,
): Promise<Purpose> {
  const purpose = await requirePurpose(services, purposeId);
  if (purpose.lawfulBasis !== 'CONSENT') {
    throw new BadInputError(
      `Purpose "${purposeId}" rests on ${purpose.lawfulBasis}, not consent; object to it with a subject request instead`,
    );
  }
  return purpose;
}

/** A request to grant a consent: by the person themselves (a verified address), or on a public form. */
export interface GrantAsk {
  purpose: Purpose;
  method: ConsentMethod;
  noticeId: string;
  noticeVersion: number;
  askedBy: 'PERSON' | 'FORM';
  /** The person confirms a marketing consent although the request carries Global Privacy Control. */
  confirmDespiteSignal: boolean;
}

/**
 * What a request to grant a consent records, or null when a marketing consent
 * is not taken. No new marketing consent for a restricted person; for one who
 * objects to direct marketing, only their own. Under Global Privacy Control a
 * marketing grant is recorded as refused by the signal, unless the person
 * confirms it or confirmed the consent standing (11 CCR §7025(c)(3)); a
 * refusal by the signal is lifted only by the person's own grant, never by a
 * form merely sent without the signal (§7025(c)(5)).
 */
export function decideGrant(
  person: Person,
  existing: Consent | null,
  ask: GrantAsk,
  signals: PrivacySignals,
): ConsentChange | null {
  const granted: ConsentChange = {
    purpose: ask.purpose,
    status: 'GRANTED',
    method: ask.method,
    noticeId: ask.noticeId,
    noticeVersion: ask.noticeVersion,
    requestedStatus: null,
    confirmedDespiteSignal: false,
  };
  if (!isMarketing(ask.purpose.dpvPurpose)) return granted;
  if (person.restricted) return null;
  const own = ask.askedBy === 'PERSON';
  if (!own && person.objectedToDirectMarketingAt !== null) return null;
  const confirmed = existing?.status === 'GRANTED' && existing.confirmedDespiteSignal;
  if (signals.globalPrivacyControl) {
    if (confirmed || (own && ask.confirmDespiteSignal)) {
      return { ...granted, confirmedDespiteSignal: true };
    }
    return {
      ...granted,
      status: 'WITHDRAWN',
      method: 'GLOBAL_PRIVACY_CONTROL',
      requestedStatus: 'GRANTED',
    };
  }
  const refusedBySignal =
    existing?.status === 'WITHDRAWN' && existing.method === 'GLOBAL_PRIVACY_CONTROL';
  if (!own && refusedBySignal) return null;
  return { ...granted, confirmedDespiteSignal: confirmed };
}

/**
 * The writes that move a person's consent to a new status: the current-status
 * item (guarded by its revision) and a new history entry. Nothing when the
 * status, notice version and confirmation are already the same, unless the
 * signal overrode what the person asked for and that is not on record yet.
 */
export function consentChangeWrites(
  services: Services,
  person: Person,
  existing: Consent | null,
  change: ConsentChange,
  at: Date,
): PersonChange<Consent> {
  if (
    existing &&
    existing.status === change.status &&
    existing.noticeId === change.noticeId &&
    existing.noticeVersion === change.noticeVersion &&
    existing.confirmedDespiteSignal === change.confirmedDespiteSignal &&
    (change.requestedStatus === null || existing.method === change.method)
  ) {
    return { result: existing, writes: [] };
  }
  const receiptId = randomUUID();
  const consent: Consent = {
    subjectId: person.id,
    purposeId: change.purpose.id,
    status: change.status,
    noticeId: change.noticeId,
    noticeVersion: change.noticeVersion,
    method: change.method,
    updatedAt: at.toISOString(),
    receiptId,
    revision: (existing?.revision ?? 0) + 1,
    confirmedDespiteSignal: change.confirmedDespiteSignal,
  };
  const entry: ConsentHistoryEntry = {
    subjectId: person.id,
    purposeId: change.purpose.id,
    status: change.status,
    at: consent.updatedAt,
    noticeId: change.noticeId,
    noticeVersion: change.noticeVersion,
    method: change.method,
    receiptId,
    requestedStatus: change.requestedStatus,
    confirmedDespiteSignal: change.confirmedDespiteSignal,
  };
  const { current, history } = consentWrites(services.db, consent, entry, randomUUID());
  return {
    result: consent,
    writes: [
      { item: current, conflict: 'The consent changed at the same time; read it again' },
      { item: history },
    ],
  };
}

/**
 * Withdraws each of the person's granted consents that `concerns` picks, by
 * `method`, under the notice version each was given under.
 */
export async function withdrawGranted(
  services: Services,
  person: Person,
  concerns: (purpose: Purpose, consent: Consent) => boolean,
  method: ConsentMethod,
  at: Date,
): Promise<GuardedWrite[]> {
  const consents = await listConsents(services.db, person.id);
  return withdrawalWrites(services, person, consents, concerns, method, at);
}

/** As withdrawGranted, over the consents as the caller read them. */
export async function withdrawalWrites(
  services: Services,
  person: Person,
  consents: Consent[],
  concerns: (purpose: Purpose, consent: Consent) => boolean,
  method: ConsentMethod,
  at: Date,
): Promise<GuardedWrite[]> {
  const writes: GuardedWrite[] = [];
  for (const consent of consents) {
    if (consent.status !== 'GRANTED') continue;
    const purpose = await findPurpose(services, consent.purposeId);
    if (!purpose || !concerns(purpose, consent)) continue;
    const change: ConsentChange = {
      purpose,
      status: 'WITHDRAWN',
      method,
      noticeId: consent.noticeId,
      noticeVersion: consent.noticeVersion,
      requestedStatus: null,
      confirmedDespiteSignal: false,
    };
    writes.push(...consentChangeWrites(services, person, consent, change, at).writes);
  }
  return writes;
}

/** The notice version a person is shown must be the one in effect. */
export async function requireCurrentNotice(
  services: Services,
  noticeId: string,
  noticeVersion: number,
): Promise<Notice> {
  const notice = await getNotice(services, noticeId);
  if (!notice) throw new NotFoundError(`No notice "${noticeId}"`);
  const current = currentNumber(notice, services.now());
  if (current !== noticeVersion) {
    throw new ConflictError(
      current === null
        ? `Notice "${noticeId}" has no version in effect`
        : `Version ${noticeVersion} of notice "${noticeId}" is not the one in effect (${current}): show the person the current notice`,
    );
  }
  return notice;
}

function requireMethod(method: ConsentMethod | null | undefined): ConsentMethod {
  const chosen = method ?? 'WEB_FORM';
  if (!METHODS_A_PERSON_USES.includes(chosen)) {
    throw new BadInputError(
      `A person gives or withdraws consent by ${METHODS_A_PERSON_USES.join(', ')}`,
    );
  }
  return chosen;
}

async function changeOwnConsent(
  services: Services,
  caller: Caller,
  purpose: Purpose,
  decide: (person: Person, existing: Consent | null) => Promise<ConsentChange | null>,
): Promise<ConsentView> {
  const email = verifiedEmailOf(caller);
  const now = services.now();
  const consent = await writeForPerson(
    services,
    email,
    async (person, existingPerson): Promise<PersonChange<Consent | null>> => {
      const existing = existingPerson ? await getConsent(services.db, person.id, purpose.id) : null;
      const change = await decide(person, existing);
      if (!change) return { writes: [], result: existing };
      const { writes, result } = consentChangeWrites(services, person, existing, change, now);
      if (change.status !== 'GRANTED' || !isMarketing(purpose.dpvPurpose)) {
        return { writes, result };
      }
      const lifted = person.objectedToDirectMarketingAt !== null;
      return {
        writes: lifted
          ? [
              ...writes,
              {
                item: auditItem(
                  services,
                  caller,
                  {
                    action: 'liftDirectMarketingObjection',
                    entity: 'Subject',
                    entityId: person.id,
                    details: { purposeId: purpose.id },
                  },
                  now,
                ),
              },
            ]
          : writes,
        result,
        marketingGranted: 'BY_PERSON',
      };
    },
  );
  // Only a withdrawal of what was never given and is not recorded can leave nothing.
  if (!consent) throw new ConflictError('The consent could not be recorded; try again');
  return { ...consent, history: null };
}

export interface GrantInput {
  purposeId: string;
  noticeId: string;
  noticeVersion: number;
  method?: ConsentMethod | null;
  confirmDespiteSignal?: boolean | null;
}

/**
 * SUBJECT: consent to one purpose under the notice version in effect. A
 * marketing consent is refused while the person's processing is restricted,
 * and lifts their objection to direct marketing.
 */
export async function grantConsent(
  services: Services,
  caller: Caller,
  input: GrantInput,
  signals: PrivacySignals,
): Promise<ConsentView> {
  verifiedEmailOf(caller);
  requireIdentifier(input.purposeId, 'purposeId');
  requireIdentifier(input.noticeId, 'noticeId');
  requireWholeNumber(input.noticeVersion, 'noticeVersion', BOUNDS.versionNumber);
  const purpose = await requireConsentPurpose(services, input.purposeId);
  const method = requireMethod(input.method);
  await requireCurrentNotice(services, input.noticeId, input.noticeVersion);
  const ask: GrantAsk = {
    purpose,
    method,
    noticeId: input.noticeId,
    noticeVersion: input.noticeVersion,
    askedBy: 'PERSON',
    confirmDespiteSignal: input.confirmDespiteSignal === true,
  };
  return changeOwnConsent(services, caller, purpose, async (person, existing) => {
    if (person.restricted && isMarketing(purpose.dpvPurpose)) {
      throw new ConflictError(
        'Processing of your data is restricted: no new marketing consent is taken while it is',
      );
    }
    return decideGrant(person, existing, ask, signals);
  });
}

/** SUBJECT: one call, no other condition. Withdrawn twice is still withdrawn once. */
export async function withdrawConsent(
  services: Services,
  caller: Caller,
  purposeId: string,
  method?: ConsentMethod | null,
): Promise<ConsentView> {
  verifiedEmailOf(caller);
  requireIdentifier(purposeId, 'purposeId');
  const purpose = await requireConsentPurpose(services, purposeId);
  const how = requireMethod(method);
  return changeOwnConsent(services, caller, purpose, async (_person, existing) => {
    if (existing?.status === 'WITHDRAWN') return null;
    // Recorded under the notice the consent was given under, or, for a refusal
    // of something never given, under the notice in effect now.
    const notice = existing ?? (await noticeInEffect(services));
    return {
      purpose,
      status: 'WITHDRAWN',
      method: how,
      noticeId: 'noticeId' in notice ? notice.noticeId : notice.id,
      noticeVersion: 'noticeVersion' in notice ? notice.noticeVersion : notice.number,
      requestedStatus: null,
      confirmedDespiteSignal: false,
    };
  });
}

/** The notice a refusal of something never given is recorded under. */
export async function noticeInEffect(services: Services): Promise<{ id: string; number: number }> {
  for (const notice of await listNotices(services)) {
    const number = currentNumber(notice, services.now());
    if (number !== null) return { id: notice.id, number };
  }
  throw new ConflictError('No notice is in effect to record the refusal under');
}

/** True when a material version took effect after the version the consent was given under. */
export async function needsReconfirmation(services: Services, consent: Consent): Promise<boolean> {
  if (consent.status !== 'GRANTED') return false;
  const notice = await getNotice(services, consent.noticeId);
  const now = services.now().getTime();
  return (notice?.publications ?? []).some(
    (publication) =>
      publication.material &&
      publication.number > consent.noticeVersion &&
      Date.parse(publication.effectiveAt) <= now,
  );
}

/** Oldest first, never rewritten. */
export async function historyOf(
  services: Services,
  consent: ConsentView,
): Promise<ConsentHistoryEntry[]> {
  const entries =
    consent.history ?? (await consentHistory(services.db, consent.subjectId, consent.purposeId));
  return [...entries].sort((a, b) => a.at.localeCompare(b.at));
}

/** A Kantara Consent Receipt v1.1 for the consent's current status (REFERENCE.md). */
export async function receiptOf(
  services: Services,
  consent: Consent,
): Promise<Record<string, unknown>> {
  const [purpose, version] = await Promise.all([
    requirePurpose(services, consent.purposeId),
    getVersion(services.db, consent.noticeId, consent.noticeVersion),
  ]);
  const controller = services.controller;
  const granted = consent.status === 'GRANTED';
  return {
    version: 'KI-CR-v1.1.0',
    jurisdiction: controller.country,
    consentTimestamp: Math.floor(Date.parse(consent.updatedAt) / 1000),
    collectionMethod: consent.method,
    consentReceiptID: consent.receiptId,
    language: (version?.language ?? 'en').split('-')[0],
    // The person's opaque id, as in the 27560 record: never the email address.
    piiPrincipalId: consent.subjectId,
    piiControllers: [
      {
        piiController: controller.name,
        contact: controller.name,
        address: controller.address,
        email: controller.email ?? '',
        phone: controller.phone ?? '',
        ...(controller.url ? { piiControllerUrl: controller.url } : {}),
      },
    ],
    policyUrl: controller.policyUrlTemplate
      .replace('{noticeId}', encodeURIComponent(consent.noticeId))
      .replace('{version}', String(consent.noticeVersion)),
    services: [
      {
        service: purpose.name,
        purposes: [
          {
            purpose: purpose.description ?? purpose.name,
            purposeCategory: [purpose.dpvPurpose],
            consentType: 'EXPLICIT',
            piiCategory: purpose.dataCategories.map((category) => CATEGORY_DPV[category]),
            primaryPurpose: false,
            termination: granted
              ? 'Until withdrawn; withdrawal is one call or one click, as easy as giving it'
              : `Withdrawn at ${consent.updatedAt}; no processing for this purpose`,
            thirdPartyDisclosure: false,
          },
        ],
      },
    ],
    sensitive: false,
    spiCat: [],
  };
}
