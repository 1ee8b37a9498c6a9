/**
 * The entities of the domain, as the rules work with them. `store/` maps
 * DynamoDB items to these types and back; nothing here knows about keys.
 * A value that may be missing is `null`, never an optional property.
 */
import type {
  ChangeKind,
  ConsentMethod,
  ConsentStatus,
  DataCategory,
  DeliveryChannel,
  DeliveryStatus,
  EventFormat,
  HandlerRole,
  LawfulBasis,
  NoticeVersionStatus,
  RecipientKind,
  RegistrationStatus,
  Role,
  SeparateConsentScope,
  SharingSituation,
  Topic,
} from './constants';
import type { AttendeeField } from './vocabulary';

// ─── Notices ────────────────────────────────────────────────────────────────

export interface Section {
  key: string;
  heading: string;
  summary: string | null;
  body: string;
}

export interface Publication {
  number: number;
  effectiveAt: string;
  material: boolean;
}

export interface Notice {
  id: string;
  title: string;
  language: string;
  createdAt: string;
  /** The highest version number ever given; numbers are never reused. */
  lastNumber: number;
  /** The open draft, if any: at most one at a time. */
  draftNumber: number | null;
  /** Every publication in order; effectiveAt never goes backwards. */
  publications: Publication[];
}

/** A version as stored: SCHEDULED and SUPERSEDED follow from effectiveAt and later publications. */
export interface StoredVersion {
  noticeId: string;
  number: number;
  state: Extract<NoticeVersionStatus, 'DRAFT' | 'PUBLISHED'>;
  language: string;
  material: boolean | null;
  changeSummary: string | null;
  sections: Section[];
  /** The languages of its translations, in tag order; each translation is an item of its own. */
  translations: string[];
  createdAt: string;
  /** Moves forward with every change of a draft: a write conditioned on it finds none in between. */
  updatedAt: string;
  publishedAt: string | null;
  effectiveAt: string | null;
}

/** A version's text in another language than its own: published with the version, never alone. */
export interface Translation {
  noticeId: string;
  number: number;
  language: string;
  changeSummary: string | null;
  /** The version's section keys, in the version's order. */
  sections: Section[];
  updatedAt: string;
}

/**
 * A version as callers see it, with the status that follows from the
 * notice's publications. A translation is seen as its version in the
 * translation's language, sections and change summary; `original` is then
 * the version as stored, whose sections its changes compare.
 */
export type NoticeVersion = StoredVersion & {
  status: NoticeVersionStatus;
  original: StoredVersion | null;
};

/** The sign-in code last mailed to an address, as stored: never the code itself. */
export interface SignInCode {
  /** Salts the code's hash and names its mail. */
  id: string;
  codeHash: string;
  expiresAt: string;
  failedAttempts: number;
}

export interface SectionChange {
  key: string;
  kind: ChangeKind;
}

/** The notification of one material version, with how many were told. */
export interface NoticeChangeNotification {
  noticeId: string;
  version: number;
  createdAt: string;
  effectiveAt: string;
  changeSummary: string | null;
  subjectsNotified: number;
  partnersNotified: number;
}

/** One step of a fan-out: the next page of people starts after `cursor`. */
export interface FanOutStep {
  noticeId: string;
  version: number;
  /** The audience shard this chain of steps reads. */
  shard: number;
  step: number;
  cursor: string | null;
  /** The people this chain's earlier steps told. */
  told: number;
  /**
   * Whether a step of this chain ran more than once: its first run may have
   * written deliveries beyond where its last run stopped, so from then on each
   * step checks which of its deliveries exist before writing.
   */
  checkWritten: boolean;
}

// ─── The register: purposes and recipients ─────────────────────────────────

export interface Purpose {
  id: string;
  name: string;
  description: string | null;
  lawfulBasis: LawfulBasis;
  dataCategories: DataCategory[];
  retentionDays: number | null;
  /** The W3C DPV purpose IRI. */
  dpvPurpose: string;
  updatedAt: string;
}

export interface Partner {
  id: string;
  name: string;
  kind: RecipientKind;
  country: string | null;
  webhookUrl: string | null;
  /** Write-only through the API: read only to sign webhooks. */
  webhookSecret: string | null;
  /** The Cognito app client the partner's system signs in as (`npm run partner-client`). */
  clientId: string | null;
  /** Null for partners stored before roles: they read as their kind's default. */
  role: HandlerRole | null;
  contact: string | null;
  processingMethod: string | null;
  rightsProcedure: string | null;
  /** What the admin declares the partner receives, beyond the events it cosponsors. */
  disclosedPurposes: string[] | null;
  disclosedCategories: DataCategory[] | null;
  updatedAt: string;
}

// ─── Events ─────────────────────────────────────────────────────────────────

export interface DataUse {
  category: DataCategory;
  purposeId: string;
}

/** What survives of an event's attendees once they are de-identified: counts only. */
export interface Attendance {
  total: number;
  byCountry: Record<string, number>;
  byOrganizationType: Record<string, number>;
  byIndustry: Record<string, number>;
}

export interface Event {
  id: string;
  title: string;
  format: EventFormat;
  startsAt: string;
  endsAt: string;
  cosponsorIds: string[];
  dataUses: DataUse[];
  retentionDays: number;
  /** endsAt + retentionDays: when attendee data is de-identified. */
  purgeAt: string;
  createdAt: string;
  attendance: Attendance;
  deidentifiedAt: string | null;
}

// ─── People ─────────────────────────────────────────────────────────────────

export interface Person {
  id: string;
  email: string;
  restricted: boolean;
  createdAt: string;
  restrictedAt: string | null;
  /** Since when the person objects to direct marketing (GDPR Art. 21(2)): no new marketing consent is taken but their own. */
  objectedToDirectMarketingAt: string | null;
  /** Counts the marketing consents granted: an objection decided on an older count is decided again. */
  marketingConsentsGranted: number;
}

/** The fields a person gave when registering: only those the event declared. */
export type Attendee = Partial<Record<AttendeeField, string>>;

export interface Registration {
  id: string;
  subjectId: string;
  eventId: string;
  status: RegistrationStatus;
  /** Null once de-identified. */
  attendee: Attendee | null;
  noticeId: string;
  noticeVersion: number;
  registeredAt: string;
  cancelledAt: string | null;
  deidentifiedAt: string | null;
}

/** The current status of one consent. */
export interface Consent {
  subjectId: string;
  purposeId: string;
  status: ConsentStatus;
  noticeId: string;
  noticeVersion: number;
  method: ConsentMethod;
  updatedAt: string;
  /** The receipt of the current status; a new status has a new receipt. */
  receiptId: string;
  /** Counts the changes: a write that read an older revision loses. */
  revision: number;
  /** Granted and confirmed by the person despite Global Privacy Control: the signal no longer overrides it. */
  confirmedDespiteSignal: boolean;
}

/** One entry of a consent's append-only history. */
export interface ConsentHistoryEntry {
  subjectId: string;
  purposeId: string;
  status: ConsentStatus;
  at: string;
  noticeId: string;
  noticeVersion: number;
  method: ConsentMethod;
  receiptId: string;
  /** What the person asked for, where a signal applied another status. */
  requestedStatus: ConsentStatus | null;
  confirmedDespiteSignal: boolean;
}

/** What a person is told before a PIPL separate consent (Arts. 23, 39), as it was at the time. */
export interface Disclosure {
  partnerId: string;
  scope: SeparateConsentScope;
  recipientName: string;
  recipientContact: string | null;
  recipientCountry: string | null;
  purposes: string[];
  categories: DataCategory[];
  processingMethod: string | null;
  rightsProcedure: string | null;
}

/** The current status of one PIPL separate consent: one person, one partner, one scope. */
export interface SeparateConsent {
  subjectId: string;
  partnerId: string;
  scope: SeparateConsentScope;
  status: ConsentStatus;
  noticeId: string;
  noticeVersion: number;
  method: ConsentMethod;
  updatedAt: string;
  receiptId: string;
  /** What the person was shown at the last grant; null while never granted. */
  disclosure: Disclosure | null;
  /** Counts the changes: a write that read an older revision loses. */
  revision: number;
}

/** One entry of a separate consent's append-only history, with what was shown at a grant. */
export interface SeparateConsentHistoryEntry {
  subjectId: string;
  partnerId: string;
  scope: SeparateConsentScope;
  status: ConsentStatus;
  at: string;
  noticeId: string;
  noticeVersion: number;
  method: ConsentMethod;
  receiptId: string;
  disclosure: Disclosure | null;
}

/**
 * What ConsentEvent shows: an entry of a consent's history, or of a separate
 * consent's, to which no signal ever applies.
 */
export type ConsentEventRecord =
  | ConsentHistoryEntry
  | (SeparateConsentHistoryEntry & {
      requestedStatus: ConsentStatus | null;
      confirmedDespiteSignal: boolean;
    });

/** A PIPL personal information protection impact assessment (Arts. 55-56): kept, never deleted. */
export interface ImpactAssessment {
  id: string;
  partnerId: string;
  scopes: SeparateConsentScope[];
  conductedAt: string;
  reviewBy: string;
  summary: string;
  risks: string;
  safeguards: string;
  createdAt: string;
}

export interface SharingRecord {
  id: string;
  partnerId: string;
  /** Null for aggregated disclosures, and once the person is erased. */
  subjectId: string | null;
  categories: DataCategory[];
  purpose: string;
  situation: SharingSituation;
  legalReference: string | null;
  destinationCountry: string | null;
  sharedAt: string;
  recordedAt: string;
  /** True once the person was erased: the disclosure is kept, the person is not. */
  subjectErased: boolean;
}

// ─── Deliveries and audit ───────────────────────────────────────────────────

/** An outbox item: a mail or webhook call, written with the change that causes it. */
export interface Delivery {
  id: string;
  channel: DeliveryChannel;
  /** The address or the partner's id. */
  to: string;
  topic: Topic;
  status: DeliveryStatus;
  attempts: number;
  createdAt: string;
  /** The person it concerns, whose partition holds it; null for partners. */
  subjectId: string | null;
  sentAt: string | null;
  lastError: string | null;
  /**
   * While PENDING, when the next try is due (a try under way holds it until
   * then: domain/deliveries.ts); null once SENT or FAILED.
   */
  nextAttemptAt: string | null;
  /** When its window of tries opened: its creation, or the admin's redelivery. */
  retryWindowStart: string;
  /** Tries made before that window: the back-off counts only the window's own. */
  attemptsBeforeWindow: number;
  /**
   * What is sent, kept while it may still be sent (PENDING, or FAILED for a
   * redelivery) and dropped once SENT: a mail's body may hold a verification
   * code, a webhook's data a person's address.
   */
  mail: { subject: string; text: string } | null;
  webhook: { partnerId: string; occurredAt: string; data: Record<string, unknown> } | null;
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  role: Role;
  action: string;
  entity: string;
  entityId: string;
  details: Record<string, unknown> | null;
}
