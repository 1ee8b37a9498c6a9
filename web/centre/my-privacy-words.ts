/** The API's vocabularies in plain words, for people reading My privacy and their requests. */
import type {
  ConsentMethod,
  DataCategory,
  LawfulBasis,
  RecipientKind,
  RegistrationStatus,
  SharingSituation,
} from '../gql/graphql';

export const CATEGORY_WORDS: Record<DataCategory, string> = {
  NAME: 'name',
  EMAIL: 'email address',
  COUNTRY: 'country or region',
  ORGANIZATION: 'organisation',
  JOB_TITLE: 'job title',
  INDUSTRY: 'industry or field',
  POSTAL_ADDRESS: 'postal address',
  PHONE: 'phone number',
  ORGANIZATION_TYPE: 'type of organisation',
  PAYMENT: 'payment details',
  USAGE_DATA: 'how you use our services',
  DEVICE_DATA: 'device and browser details',
};

export const SITUATION_WORDS: Record<SharingSituation, string> = {
  SUBJECT_AUTHORIZED: 'you asked us to, or agreed',
  COSPONSORED_EVENT: 'an event run with this partner',
  LEGAL_REQUIREMENT: 'the law required it',
  SERVICE_PROVIDER: 'they work for us as a service provider',
  EMERGENCY: 'an emergency',
  LEGAL_CLAIMS: 'a dispute or legal claim',
  AGGREGATED_STATISTICS: 'statistics that identify no one',
};

export const RECIPIENT_KIND_WORDS: Record<RecipientKind, string> = {
  SERVICE_PROVIDER: 'service provider',
  COSPONSOR: 'event co-sponsor',
  AUTHORITY: 'public authority',
  SOCIAL_PLATFORM: 'social platform',
  ADVERTISER: 'advertiser',
  OTHER: 'other recipient',
};

export const LAWFUL_BASIS_WORDS: Record<LawfulBasis, string> = {
  CONSENT: 'your consent',
  CONTRACT: 'a contract with you',
  LEGAL_OBLIGATION: 'a legal obligation',
  VITAL_INTERESTS: 'protecting someone’s life',
  PUBLIC_TASK: 'a task in the public interest',
  LEGITIMATE_INTERESTS: 'our legitimate interests',
};

export const CONSENT_METHOD_WORDS: Record<ConsentMethod, string> = {
  WEB_FORM: 'on this site',
  EVENT_REGISTRATION: 'when you registered for an event',
  EMAIL_LINK: 'by a link in an email',
  API: 'through an app',
  ADMIN_RECORDED: 'recorded by our staff',
  SUBJECT_REQUEST: 'by your request',
  GLOBAL_PRIVACY_CONTROL: 'by your browser’s Global Privacy Control signal',
};

export const REGISTRATION_STATUS_WORDS: Record<RegistrationStatus, string> = {
  REGISTERED: 'Registered',
  CANCELLED: 'Cancelled',
  DEIDENTIFIED: 'Ended: your details were de-identified',
};

export function categoriesInWords(categories: readonly DataCategory[]): string {
  return categories.map((category) => CATEGORY_WORDS[category]).join(', ');
}
