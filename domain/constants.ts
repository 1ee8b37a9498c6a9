/**
 * The closed sets of the domain, each an `as const` tuple with its union type.
 * Maps over them are `Record<Union, …>` and every `switch` over them ends in
 * `assertNever`, so adding a member makes the compiler name every place that
 * must handle it. Those that the GraphQL schema also lists are checked against
 * its enums by a test.
 */

export const ROLES = ['PUBLIC', 'SUBJECT', 'PARTNER', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

export const REQUEST_TYPES = [
  'ACCESS',
  'RECTIFICATION',
  'ERASURE',
  'RESTRICTION',
  'PORTABILITY',
  'OBJECTION',
  'WITHDRAW_CONSENT',
  'AUTOMATED_DECISION_REVIEW',
] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export const REQUEST_STATUSES = [
  'AWAITING_VERIFICATION',
  'OPEN',
  'EXTENDED',
  'COMPLETED',
  'REJECTED',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** How a request reached the organisation: the public's always arrive by WEB. */
export const REQUEST_CHANNELS = ['WEB', 'EMAIL', 'POST', 'PHONE', 'IN_PERSON'] as const;
export type RequestChannel = (typeof REQUEST_CHANNELS)[number];

export const JURISDICTIONS = ['GDPR', 'PIPL', 'CCPA'] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];

export const CONSENT_STATUSES = ['GRANTED', 'WITHDRAWN'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

export const CONSENT_METHODS = [
  'WEB_FORM',
  'EVENT_REGISTRATION',
  'EMAIL_LINK',
  'API',
  'ADMIN_RECORDED',
  'SUBJECT_REQUEST',
  'GLOBAL_PRIVACY_CONTROL',
] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

export const REGISTRATION_STATUSES = ['REGISTERED', 'CANCELLED', 'DEIDENTIFIED'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

export const EVENT_FORMATS = ['IN_PERSON', 'WEBINAR'] as const;
export type EventFormat = (typeof EVENT_FORMATS)[number];

export const RECIPIENT_KINDS = [
  'SERVICE_PROVIDER',
  'COSPONSOR',
  'AUTHORITY',
  'SOCIAL_PLATFORM',
  'ADVERTISER',
  'OTHER',
] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

/** PIPL: who decides the processing a recipient does (Arts. 21, 23). */
export const HANDLER_ROLES = ['ENTRUSTED_PARTY', 'INDEPENDENT_HANDLER', 'JOINT_HANDLER'] as const;
export type HandlerRole = (typeof HANDLER_ROLES)[number];

/** PIPL separate consents (单独同意): one per partner and scope, never bundled. */
export const SEPARATE_CONSENT_SCOPES = ['PROVISION_TO_HANDLER', 'CROSS_BORDER'] as const;
export type SeparateConsentScope = (typeof SEPARATE_CONSENT_SCOPES)[number];

export const SHARING_SITUATIONS = [
  'SUBJECT_AUTHORIZED',
  'COSPONSORED_EVENT',
  'LEGAL_REQUIREMENT',
  'SERVICE_PROVIDER',
  'EMERGENCY',
  'LEGAL_CLAIMS',
  'AGGREGATED_STATISTICS',
] as const;
export type SharingSituation = (typeof SHARING_SITUATIONS)[number];

export const LAWFUL_BASES = [
  'CONSENT',
  'CONTRACT',
  'LEGAL_OBLIGATION',
  'VITAL_INTERESTS',
  'PUBLIC_TASK',
  'LEGITIMATE_INTERESTS',
] as const;
export type LawfulBasis = (typeof LAWFUL_BASES)[number];

export const DATA_CATEGORIES = [
  'NAME',
  'EMAIL',
  'COUNTRY',
  'ORGANIZATION',
  'JOB_TITLE',
  'INDUSTRY',
  'POSTAL_ADDRESS',
  'PHONE',
  'ORGANIZATION_TYPE',
  'PAYMENT',
  'USAGE_DATA',
  'DEVICE_DATA',
] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

export const NOTICE_VERSION_STATUSES = ['DRAFT', 'SCHEDULED', 'PUBLISHED', 'SUPERSEDED'] as const;
export type NoticeVersionStatus = (typeof NOTICE_VERSION_STATUSES)[number];

export const CHANGE_KINDS = ['ADDED', 'REMOVED', 'MODIFIED'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export const DELIVERY_CHANNELS = ['EMAIL', 'WEBHOOK'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

export const DELIVERY_STATUSES = ['PENDING', 'SENT', 'FAILED'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** What a mail is about, in its X-Privacy-Ops-Topic header (CONTRACT.md, Mail). */
export const MAIL_TOPICS = [
  'request.verification',
  'request.extended',
  'request.completed',
  'request.rejected',
  'notice.material_change',
  'subject.sign_in',
] as const;
export type MailTopic = (typeof MAIL_TOPICS)[number];

/** What a webhook is about, in its X-Privacy-Ops-Topic header (CONTRACT.md, Webhooks). */
export const WEBHOOK_TOPICS = [
  'notice.material_change',
  'subject.erasure',
  'subject.rectification',
  'subject.restriction',
] as const;
export type WebhookTopic = (typeof WEBHOOK_TOPICS)[number];

export type Topic = MailTopic | WebhookTopic;

/** The end of every switch over a closed set: a member without a case does not compile. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${String(value)}`);
}
