/** The API's closed sets as the desk words them; each map names every member. */
import type {
  DataCategory,
  DeliveryChannel,
  DeliveryStatus,
  HandlerRole,
  Jurisdiction,
  LawfulBasis,
  NoticeVersionStatus,
  RecipientKind,
  RequestChannel,
  RequestStatus,
  RequestType,
  SeparateConsentScope,
} from '../gql/graphql';

export const NOTICE_STATUS_LABELS: Record<NoticeVersionStatus, string> = {
  DRAFT: 'Draft',
  SCHEDULED: 'Scheduled',
  PUBLISHED: 'Published',
  SUPERSEDED: 'Superseded',
};

export const REQUEST_TYPE_LABELS: Record<RequestType, string> = {
  ACCESS: 'Access',
  RECTIFICATION: 'Rectification',
  ERASURE: 'Erasure',
  RESTRICTION: 'Restriction',
  PORTABILITY: 'Portability',
  OBJECTION: 'Objection',
  WITHDRAW_CONSENT: 'Consent withdrawal',
  AUTOMATED_DECISION_REVIEW: 'Automated decision review',
};

export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  AWAITING_VERIFICATION: 'Awaiting verification',
  OPEN: 'Open',
  EXTENDED: 'Extended',
  COMPLETED: 'Completed',
  REJECTED: 'Rejected',
};

export const REQUEST_STATUSES = Object.keys(REQUEST_STATUS_LABELS) as RequestStatus[];

export const REQUEST_CHANNEL_LABELS: Record<RequestChannel, string> = {
  WEB: 'Web form',
  EMAIL: 'Email',
  POST: 'Post',
  PHONE: 'Phone',
  IN_PERSON: 'In person',
};

/** The ways a request reaches the desk other than the public form, which enters its own. */
export const OFFLINE_REQUEST_CHANNELS: readonly Exclude<RequestChannel, 'WEB'>[] = [
  'POST',
  'PHONE',
  'EMAIL',
  'IN_PERSON',
];

export const JURISDICTION_LABELS: Record<Jurisdiction, string> = {
  GDPR: 'GDPR (EU)',
  PIPL: 'PIPL (China)',
  CCPA: 'CCPA (California)',
};

export const DELIVERY_STATUS_LABELS: Record<DeliveryStatus, string> = {
  FAILED: 'Failed',
  PENDING: 'Pending',
  SENT: 'Sent',
};

export const DELIVERY_STATUSES = Object.keys(DELIVERY_STATUS_LABELS) as DeliveryStatus[];

export const CHANNEL_LABELS: Record<DeliveryChannel, string> = {
  EMAIL: 'Mail',
  WEBHOOK: 'Webhook',
};

export const LAWFUL_BASIS_LABELS: Record<LawfulBasis, string> = {
  CONSENT: 'Consent, Art. 6(1)(a)',
  CONTRACT: 'Contract, Art. 6(1)(b)',
  LEGAL_OBLIGATION: 'Legal obligation, Art. 6(1)(c)',
  VITAL_INTERESTS: 'Vital interests, Art. 6(1)(d)',
  PUBLIC_TASK: 'Public task, Art. 6(1)(e)',
  LEGITIMATE_INTERESTS: 'Legitimate interests, Art. 6(1)(f)',
};

export const DATA_CATEGORY_LABELS: Record<DataCategory, string> = {
  NAME: 'Name',
  EMAIL: 'Email address',
  COUNTRY: 'Country',
  ORGANIZATION: 'Organisation',
  JOB_TITLE: 'Job title',
  INDUSTRY: 'Industry',
  POSTAL_ADDRESS: 'Postal address',
  PHONE: 'Phone number',
  ORGANIZATION_TYPE: 'Organisation type',
  PAYMENT: 'Payment details',
  USAGE_DATA: 'Usage data',
  DEVICE_DATA: 'Device data',
};

export const RECIPIENT_KIND_LABELS: Record<RecipientKind, string> = {
  SERVICE_PROVIDER: 'service provider',
  COSPONSOR: 'cosponsor',
  AUTHORITY: 'authority',
  SOCIAL_PLATFORM: 'social platform',
  ADVERTISER: 'advertiser',
  OTHER: 'other',
};

export const HANDLER_ROLE_LABELS: Record<HandlerRole, string> = {
  ENTRUSTED_PARTY: 'entrusted party (PIPL Art. 21)',
  INDEPENDENT_HANDLER: 'independent handler (PIPL Art. 23)',
  JOINT_HANDLER: 'joint handler (PIPL Art. 20)',
};

/** A partner as assessments name it: who, in what role, where. */
export function partnerWithRole(partner: {
  name: string;
  role: HandlerRole;
  country: string | null;
}): string {
  return [
    partner.name,
    HANDLER_ROLE_LABELS[partner.role],
    partner.country ?? 'country not given',
  ].join(', ');
}

export const SEPARATE_CONSENT_SCOPE_LABELS: Record<SeparateConsentScope, string> = {
  PROVISION_TO_HANDLER: 'Provision to another handler (PIPL Art. 23)',
  CROSS_BORDER: 'Provision abroad (PIPL Art. 39)',
};

export const SEPARATE_CONSENT_SCOPES = Object.keys(
  SEPARATE_CONSENT_SCOPE_LABELS,
) as SeparateConsentScope[];

/** The entities audit entries name (the `entity` of each audited change in domain/). */
export const AUDITED_ENTITIES = [
  'Notice',
  'SubjectRequest',
  'Delivery',
  'Event',
  'Registration',
  'Purpose',
  'Partner',
  'SharingRecord',
  'ImpactAssessment',
] as const;

export type AuditedEntity = (typeof AUDITED_ENTITIES)[number];
