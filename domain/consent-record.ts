/**
 * Consent records as ISO/IEC TS 27560:2023 structures them (header,
 * processing, parties, events), in JSON-LD with the W3C DPV terms the DPV
 * guide maps them to (https://w3id.org/dpv/guides/consent-27560).
 * buildConsentRecord is pure; recordOfConsent gathers what Consent.record
 * needs, recordOfSeparateConsent what SeparateConsent.record needs.
 * docs/consent-records.md explains each field; docs/consent-record.schema.json
 * describes the result.
 */
import { createHash } from 'node:crypto';
import { getVersion } from '../store/notices';
import { historyOf, type ConsentView } from './consent';
import {
  assertNever,
  type ConsentMethod,
  type ConsentStatus,
  type DataCategory,
  type HandlerRole,
  type SeparateConsentScope,
} from './constants';
import type { Controller } from './controller';
import { getNotice } from './notices';
import { requirePartner } from './partners';
import { listPurposes, requirePurpose } from './purposes';
import { disclosureOf, separateHistoryOf, type SeparateConsentView } from './separate-consents';
import type { Services } from './services';
import type { Publication } from './types';
import {
  CATEGORY_DPV,
  DEFAULT_DPV_PURPOSE,
  DPV,
  DPV_PD,
  EU_GDPR,
  LAWFUL_BASIS_DPV,
} from './vocabulary';

/** The DPV 27560 profile a record conforms to (its "schema version"). */
export const CONSENT_RECORD_PROFILE = 'https://w3id.org/dpv/schema/dpv-27560#record';

/**
 * Self-contained: prefixes and the properties whose values are IRIs or typed
 * literals, so the record expands without fetching any remote context.
 */
export const CONSENT_RECORD_CONTEXT = {
  dpv: DPV,
  pd: DPV_PD,
  'eu-gdpr': EU_GDPR,
  dct: 'http://purl.org/dc/terms/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  schema: 'https://schema.org/',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  'dct:conformsTo': { '@type': '@id' },
  'dct:created': { '@type': 'xsd:dateTime' },
  'dct:modified': { '@type': 'xsd:dateTime' },
  'dpv:hasConsentStatus': { '@type': '@id' },
  'dpv:hasLegalBasis': { '@type': '@id' },
  'dpv:hasPersonalData': { '@type': '@id' },
  'dpv:isExercisedAt': { '@type': '@id' },
  'dpv:isIndicatedAtTime': { '@type': 'xsd:dateTime' },
  'dpv:isIndicatedBy': { '@type': '@id' },
  // The events, oldest first: a JSON-LD list keeps their order.
  'dpv:hasStatus': { '@container': '@list' },
  'skos:broader': { '@type': '@id' },
} as const;

/** A consent's state after one event, as the record names it. */
export const CONSENT_RECORD_STATES = ['GIVEN', 'RENEWED', 'WITHDRAWN', 'REFUSED'] as const;
export type ConsentRecordState = (typeof CONSENT_RECORD_STATES)[number];

/** The DPV consent status of each state (all rows of DPV 2.3). */
export const CONSENT_STATE_DPV: Record<ConsentRecordState, string> = {
  GIVEN: 'dpv:ConsentGiven',
  /** Given again by reconfirmation after a material change of the notice. */
  RENEWED: 'dpv:RenewedConsentGiven',
  WITHDRAWN: 'dpv:ConsentWithdrawn',
  /** Refused without ever having been given, by the person or their browser's signal. */
  REFUSED: 'dpv:ConsentRefused',
};

/** How long each state holds: 27560 asks every event for its validity. */
function validityOf(state: ConsentRecordState, givenUntil: string): string {
  switch (state) {
    case 'GIVEN':
    case 'RENEWED':
      return givenUntil;
    case 'WITHDRAWN':
    case 'REFUSED':
      return 'Until the person gives consent again';
    default:
      return assertNever(state);
  }
}

/** The 27560 "event type": explicit (a box of its own, a button) or merely expressed (a signal). */
export const CONSENT_EXPRESSIONS = ['EXPLICIT', 'EXPRESSED'] as const;
export type ConsentExpression = (typeof CONSENT_EXPRESSIONS)[number];

const EXPRESSION_DPV: Record<ConsentExpression, string> = {
  EXPLICIT: 'dpv:ExplicitlyExpressedConsent',
  EXPRESSED: 'dpv:ExpressedConsent',
};

export interface ConsentRecordEvent {
  at: string;
  state: ConsentRecordState;
  expression: ConsentExpression;
  /** How the person expressed it, in words. */
  method: string;
  /** The notice version the event was recorded under, as its URL. */
  noticeUrl: string;
}

/** A party to the processing, as 27560 describes one. */
export interface RecordParty {
  /** Unique within the record: a name, an id of ours, a URL. */
  id: string;
  name: string;
  address: string | null;
  /** Email addresses, phone numbers, URLs, or a contact in words: at least one. */
  contacts: string[];
  /** ISO 3166 code, where known. */
  country: string | null;
}

export interface RecordRecipient extends RecordParty {
  /** PIPL's role of the recipient, where it is one of ours. */
  role: HandlerRole | null;
}

export interface ConsentRecordInput {
  /** A UUID, the same for every version of the record (recordIdFor). */
  recordId: string;
  /** The person's own opaque id (a random UUID), never their email address. */
  principalId: string;
  notice: { id: string; version: number; language: string; url: string };
  /** Each purpose as a DPV purpose IRI and the words the person was shown. */
  purposes: { dpvPurpose: string; text: string }[];
  /** DPV-PD IRIs. */
  personalData: string[];
  /** DPV and eu-gdpr IRIs of the legal basis. */
  legalBases: string[];
  controller: RecordParty;
  /** Third parties the data goes to: none for an ordinary consent. */
  recipients: RecordRecipient[];
  /** ISO 3166 codes of the jurisdictions whose law governs the processing. */
  jurisdictions: string[];
  /** ISO 3166 code of where the data is stored: the handler's country. */
  storageCountry: string;
  /** Days the data is kept for the purpose; null: until the consent is withdrawn. */
  retentionDays: number | null;
  withdrawal: { url: string; description: string };
  /** How long a given consent holds, in words. */
  givenUntil: string;
  /** Oldest first; at least one. */
  events: ConsentRecordEvent[];
}

const RECIPIENT_ROLE_DPV: Record<HandlerRole, string> = {
  ENTRUSTED_PARTY: 'dpv:DataProcessor',
  INDEPENDENT_HANDLER: 'dpv:DataController',
  JOINT_HANDLER: 'dpv:JointDataControllers',
};

type JsonLdNode = Record<string, unknown>;

function countryNode(code: string): JsonLdNode {
  return { '@type': 'dpv:Country', 'dct:identifier': code };
}

function partyNode(nodeId: string, types: string[], party: RecordParty): JsonLdNode {
  return {
    '@id': nodeId,
    '@type': types,
    'dpv:hasIdentifier': party.id,
    'dpv:hasName': party.name,
    ...(party.address ? { 'dpv:hasAddress': party.address } : {}),
    'dpv:hasContact': party.contacts,
    ...(party.country ? { 'dpv:hasCountry': countryNode(party.country) } : {}),
  };
}

function durationNode(days: number | null): JsonLdNode {
  return days === null
    ? { '@type': 'dpv:UntilEventDuration', 'rdf:value': 'Until the consent is withdrawn' }
    : { '@type': 'dpv:TemporalDuration', 'rdf:value': `P${days}D` };
}

const PREFIXES = [
  ['dpv', DPV],
  ['pd', DPV_PD],
  ['eu-gdpr', EU_GDPR],
] as const;

/** `https://w3id.org/dpv#Marketing` as `dpv:Marketing`: the record reads as the DPV guide does. */
function compactIri(iri: string): string {
  const known = PREFIXES.find(([, namespace]) => iri.startsWith(namespace));
  return known ? `${known[0]}:${iri.slice(known[1].length)}` : iri;
}

/** `dpv:Marketing` as its full IRI. */
function expandedIri(compact: string): string {
  const known = PREFIXES.find(([prefix]) => compact.startsWith(`${prefix}:`));
  return known ? `${known[1]}${compact.slice(known[0].length + 1)}` : compact;
}

/** A JSON-LD consent record conforming to the DPV 27560 record profile. */
export function buildConsentRecord(input: ConsentRecordInput): JsonLdNode {
  const [first, last] = [input.events.at(0), input.events.at(-1)];
  if (!first || !last) throw new Error('A consent record needs at least one event');
  const subjectNode = `urn:uuid:${input.principalId}`;
  const controllerNode = '_:controller';
  return {
    '@context': CONSENT_RECORD_CONTEXT,
    '@id': `urn:uuid:${input.recordId}`,
    '@type': 'dpv:ConsentRecord',
    // Header
    'dct:conformsTo': CONSENT_RECORD_PROFILE,
    'dct:identifier': input.recordId,
    'dct:created': first.at,
    'dct:modified': last.at,
    'dpv:hasDataSubject': {
      '@id': subjectNode,
      '@type': 'dpv:DataSubject',
      'dct:identifier': input.principalId,
    },
    // Processing
    'dpv:hasNotice': {
      '@id': input.notice.url,
      '@type': 'dpv:ConsentNotice',
      'dct:identifier': input.notice.id,
      'schema:version': input.notice.version,
      'dct:language': input.notice.language,
    },
    'dct:language': input.notice.language,
    'dpv:hasPurpose': input.purposes.map((purpose) => ({
      '@type': 'dpv:Purpose',
      'skos:broader': compactIri(purpose.dpvPurpose),
      'dct:description': purpose.text,
    })),
    'dpv:hasPersonalData': [...new Set(input.personalData.map(compactIri))],
    'dpv:hasLegalBasis': input.legalBases.map(compactIri),
    'dpv:hasDataController': partyNode(
      controllerNode,
      ['dpv:DataController', 'dpv:Organisation'],
      input.controller,
    ),
    // The controller receives the data itself; third parties only where named.
    'dpv:hasRecipient': [
      { '@id': controllerNode },
      ...input.recipients.map((recipient, index) =>
        partyNode(
          `_:recipient-${index + 1}`,
          [
            'dpv:Recipient',
            'dpv:ThirdParty',
            ...(recipient.role ? [RECIPIENT_ROLE_DPV[recipient.role]] : []),
          ],
          recipient,
        ),
      ),
    ],
    'dpv:hasJurisdiction': input.jurisdictions.map(countryNode),
    'dpv:hasStorageCondition': [
      { '@type': 'dpv:StorageLocation', 'dpv:hasCountry': countryNode(input.storageCountry) },
      { '@type': 'dpv:StorageDuration', 'dpv:hasDuration': durationNode(input.retentionDays) },
    ],
    'dpv:hasConsentControl': {
      '@type': ['dpv:WithdrawConsent', 'dpv:ProvideConsent'],
      'dpv:isExercisedAt': input.withdrawal.url,
      'dct:description': input.withdrawal.description,
    },
    // Events
    'dpv:hasConsentStatus': CONSENT_STATE_DPV[last.state],
    'dpv:hasStatus': input.events.map((event) => ({
      '@type': [CONSENT_STATE_DPV[event.state], EXPRESSION_DPV[event.expression]],
      'dpv:isIndicatedAtTime': event.at,
      'dpv:isIndicatedBy': subjectNode,
      'dpv:hasIndicationMethod': event.method,
      'dpv:hasNotice': { '@id': event.noticeUrl },
      'dpv:hasDuration': {
        '@type': 'dpv:UntilEventDuration',
        'rdf:value': validityOf(event.state, input.givenUntil),
      },
    })),
  };
}

/** Every DPV, DPV-PD and eu-gdpr IRI the builder itself writes, expanded: for the vocabulary check. */
export function consentRecordTerms(): string[] {
  const compact = [
    'dpv:ConsentRecord',
    'dpv:DataSubject',
    'dpv:ConsentNotice',
    'dpv:Purpose',
    'dpv:DataController',
    'dpv:Organisation',
    'dpv:Recipient',
    'dpv:ThirdParty',
    'dpv:Country',
    'dpv:StorageLocation',
    'dpv:StorageDuration',
    'dpv:TemporalDuration',
    'dpv:UntilEventDuration',
    'dpv:WithdrawConsent',
    'dpv:ProvideConsent',
    ...Object.values(CONSENT_STATE_DPV),
    ...Object.values(EXPRESSION_DPV),
    ...Object.values(RECIPIENT_ROLE_DPV),
    ...Object.keys(CONSENT_RECORD_CONTEXT).filter((key) => key.startsWith('dpv:')),
  ];
  return compact.map(expandedIri);
}

/** One UUID for every version of the record of the same consent: a name-based UUID (v5). */
export function recordIdFor(...parts: string[]): string {
  const hash = createHash('sha1').update(RECORD_ID_NAMESPACE).update(parts.join('\n')).digest();
  hash.writeUInt8((hash.readUInt8(6) & 0x0f) | 0x50, 6);
  hash.writeUInt8((hash.readUInt8(8) & 0x3f) | 0x80, 8);
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const RECORD_ID_NAMESPACE = Buffer.from('5d8c6f0e4b7a4f1c9a3e2b6d8f0a1c3e', 'hex');

/** The controller as a party of the record: its contacts, else the page where people manage consent. */
export function controllerParty(controller: Controller): RecordParty {
  const contacts = [controller.email, controller.phone, controller.url].filter(
    (contact): contact is string => contact !== null,
  );
  return {
    id: controller.url ?? controller.name,
    name: controller.name,
    address: controller.address,
    contacts: contacts.length > 0 ? contacts : [controller.consentsUrl],
    country: controller.country,
  };
}

/** Where a notice version is read, as receipts and records link it. */
export function noticeVersionUrl(
  controller: Controller,
  noticeId: string,
  version: number,
): string {
  return controller.policyUrlTemplate
    .replace('{noticeId}', encodeURIComponent(noticeId))
    .replace('{version}', String(version));
}

/** How each way of recording consent is told in the record, and what kind of expression it is. */
const METHOD_WORDS: Record<ConsentMethod, { words: string; expression: ConsentExpression }> = {
  WEB_FORM: { words: 'A box of its own on the privacy centre', expression: 'EXPLICIT' },
  EVENT_REGISTRATION: {
    words: 'An unticked box of its own on an event registration form',
    expression: 'EXPLICIT',
  },
  EMAIL_LINK: { words: 'A link in a mail to the person', expression: 'EXPLICIT' },
  API: { words: 'An application acting on the signed-in person’s request', expression: 'EXPLICIT' },
  ADMIN_RECORDED: {
    words: 'Recorded by an administrator as the person expressed it',
    expression: 'EXPLICIT',
  },
  SUBJECT_REQUEST: { words: 'A rights request from the person', expression: 'EXPLICIT' },
  GLOBAL_PRIVACY_CONTROL: {
    words: 'The Global Privacy Control signal of the person’s browser (Sec-GPC: 1)',
    expression: 'EXPRESSED',
  },
};

/** One entry of a consent's history, as consents and separate consents keep it. */
export interface HistoryEvent {
  at: string;
  status: ConsentStatus;
  method: ConsentMethod;
  noticeId: string;
  noticeVersion: number;
}

/**
 * The record's events from a consent's history, oldest first. A grant is
 * RENEWED when it reconfirms a grant that a material version, in effect since,
 * asked to confirm again; a withdrawal of what was never given is a refusal.
 */
export function recordEvents(
  history: readonly HistoryEvent[],
  publicationsOf: (noticeId: string) => readonly Publication[],
  noticeUrl: (noticeId: string, version: number) => string,
): ConsentRecordEvent[] {
  const ordered = [...history].sort((a, b) => a.at.localeCompare(b.at));
  return ordered.map((event, index) => {
    const previous = ordered[index - 1] ?? null;
    const { words, expression } = METHOD_WORDS[event.method];
    return {
      at: event.at,
      state: stateOf(event, previous, publicationsOf),
      expression,
      method: words,
      noticeUrl: noticeUrl(event.noticeId, event.noticeVersion),
    };
  });
}

function stateOf(
  event: HistoryEvent,
  previous: HistoryEvent | null,
  publicationsOf: (noticeId: string) => readonly Publication[],
): ConsentRecordState {
  const given = previous?.status === 'GRANTED' ? previous : null;
  switch (event.status) {
    case 'GRANTED':
      return given && reconfirms(event, given, publicationsOf) ? 'RENEWED' : 'GIVEN';
    case 'WITHDRAWN':
      return given ? 'WITHDRAWN' : 'REFUSED';
    default:
      return assertNever(event.status);
  }
}

function reconfirms(
  grant: HistoryEvent,
  earlier: HistoryEvent,
  publicationsOf: (noticeId: string) => readonly Publication[],
): boolean {
  if (grant.noticeId !== earlier.noticeId) return false;
  const at = Date.parse(grant.at);
  return publicationsOf(grant.noticeId).some(
    (publication) =>
      publication.material &&
      publication.number > earlier.noticeVersion &&
      publication.number <= grant.noticeVersion &&
      Date.parse(publication.effectiveAt) <= at,
  );
}

/** Consent.record: the record of one person's consent to one purpose. */
export async function recordOfConsent(
  services: Services,
  consent: ConsentView,
): Promise<Record<string, unknown>> {
  const [purpose, history, version] = await Promise.all([
    requirePurpose(services, consent.purposeId),
    historyOf(services, consent),
    getVersion(services.db, consent.noticeId, consent.noticeVersion),
  ]);
  const events: HistoryEvent[] =
    history.length > 0 ? history : [{ ...consent, at: consent.updatedAt }];
  const noticeIds = [...new Set(events.map((event) => event.noticeId))];
  const notices = await Promise.all(noticeIds.map((noticeId) => getNotice(services, noticeId)));
  const publications = new Map(
    noticeIds.map((noticeId, index) => [noticeId, notices[index]?.publications ?? []]),
  );
  const controller = services.controller;
  const urlOf = (noticeId: string, number: number) =>
    noticeVersionUrl(controller, noticeId, number);
  return buildConsentRecord({
    recordId: recordIdFor('consent', consent.subjectId, consent.purposeId),
    principalId: consent.subjectId,
    notice: {
      id: consent.noticeId,
      version: consent.noticeVersion,
      language: version?.language ?? 'en',
      url: urlOf(consent.noticeId, consent.noticeVersion),
    },
    purposes: [{ dpvPurpose: purpose.dpvPurpose, text: purpose.description ?? purpose.name }],
    personalData: purpose.dataCategories.map((category) => CATEGORY_DPV[category]),
    legalBases: LAWFUL_BASIS_DPV.CONSENT,
    controller: controllerParty(controller),
    recipients: [],
    jurisdictions: [controller.country],
    storageCountry: controller.country,
    retentionDays: purpose.retentionDays,
    withdrawal: {
      url: controller.consentsUrl,
      description:
        'Untick the purpose on My privacy, or one withdrawConsent call: as easy as giving it',
    },
    givenUntil:
      'Until withdrawn; a material change of the notice asks the person to confirm it again',
    events: recordEvents(events, (noticeId) => publications.get(noticeId) ?? [], urlOf),
  });
}

const SCOPE_WORDS: Record<SeparateConsentScope, string> = {
  PROVISION_TO_HANDLER: 'Providing your data to',
  CROSS_BORDER: 'Providing your data abroad to',
};

/** What any provision of a person's data names them by, where a disclosure named no categories. */
const IDENTIFYING: DataCategory[] = ['NAME', 'EMAIL'];

/**
 * SeparateConsent.record: the record of one person's PIPL separate consent to
 * one partner and scope. Its purposes, data and recipient are what the person
 * was told at the last grant (the disclosure kept with it), or what they would
 * be told now if it was never given.
 */
export async function recordOfSeparateConsent(
  services: Services,
  consent: SeparateConsentView,
): Promise<Record<string, unknown>> {
  const partner = await requirePartner(services, consent.partnerId);
  const [history, version, disclosure, purposes] = await Promise.all([
    separateHistoryOf(services, consent),
    getVersion(services.db, consent.noticeId, consent.noticeVersion),
    consent.disclosure ?? disclosureOf(services, partner, consent.scope),
    listPurposes(services),
  ]);
  const events: HistoryEvent[] =
    history.length > 0 ? history : [{ ...consent, at: consent.updatedAt }];
  const notice = await getNotice(services, consent.noticeId);
  const controller = services.controller;
  const urlOf = (noticeId: string, number: number) =>
    noticeVersionUrl(controller, noticeId, number);
  // A purpose told by the name of one of ours carries its DPV purpose; words
  // the admin declared for the partner are told as the service they serve.
  const dpvPurposeOf = (text: string) =>
    purposes.find((purpose) => purpose.name === text)?.dpvPurpose ?? DEFAULT_DPV_PURPOSE;
  return buildConsentRecord({
    recordId: recordIdFor('separate-consent', consent.subjectId, consent.partnerId, consent.scope),
    principalId: consent.subjectId,
    notice: {
      id: consent.noticeId,
      version: consent.noticeVersion,
      language: version?.language ?? 'en',
      url: urlOf(consent.noticeId, consent.noticeVersion),
    },
    purposes: (disclosure.purposes.length > 0
      ? disclosure.purposes
      : [`${SCOPE_WORDS[consent.scope]} ${disclosure.recipientName}`]
    ).map((text) => ({ dpvPurpose: dpvPurposeOf(text), text })),
    personalData: [
      ...new Set(
        (disclosure.categories.length > 0 ? disclosure.categories : IDENTIFYING).map(
          (category) => CATEGORY_DPV[category],
        ),
      ),
    ],
    legalBases: LAWFUL_BASIS_DPV.CONSENT,
    controller: controllerParty(controller),
    recipients: [
      {
        id: partner.id,
        name: disclosure.recipientName,
        address: null,
        contacts: disclosure.recipientContact
          ? [disclosure.recipientContact]
          : [`Through ${controller.name}`],
        country: disclosure.recipientCountry,
        role: partner.role,
      },
    ],
    jurisdictions: [controller.country],
    storageCountry: controller.country,
    retentionDays: null,
    withdrawal: {
      url: controller.consentsUrl,
      description:
        'Untick it on My privacy, or one withdrawSeparateConsent call: nothing more is provided from then on',
    },
    givenUntil: 'Until withdrawn',
    events: recordEvents(events, () => notice?.publications ?? [], urlOf),
  });
}
