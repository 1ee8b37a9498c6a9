import type { DataCategory, LawfulBasis } from './constants';

/** W3C Data Privacy Vocabulary identifiers (REFERENCE.md), as IRIs. */
export const DPV = 'https://w3id.org/dpv#';
export const DPV_PD = 'https://w3id.org/dpv/pd#';
export const EU_GDPR = 'https://w3id.org/dpv/legal/eu/gdpr#';

/** GDPR Art. 6(1)(a)-(f), and the generic DPV basis where DPV has one. */
export const LAWFUL_BASIS_DPV: Record<LawfulBasis, string[]> = {
  CONSENT: [`${EU_GDPR}A6-1-a`, `${DPV}Consent`],
  CONTRACT: [`${EU_GDPR}A6-1-b`, `${DPV}Contract`],
  LEGAL_OBLIGATION: [`${EU_GDPR}A6-1-c`, `${DPV}LegalObligation`],
  VITAL_INTERESTS: [`${EU_GDPR}A6-1-d`, `${DPV}VitalInterest`],
  PUBLIC_TASK: [`${EU_GDPR}A6-1-e`, `${DPV}PublicInterest`],
  LEGITIMATE_INTERESTS: [`${EU_GDPR}A6-1-f`, `${DPV}LegitimateInterest`],
};

/** The nearest DPV-PD concept of each category (there is no pd:JobTitle: pd:Job stands in). */
export const CATEGORY_DPV: Record<DataCategory, string> = {
  NAME: `${DPV_PD}Name`,
  EMAIL: `${DPV_PD}EmailAddress`,
  COUNTRY: `${DPV_PD}Country`,
  ORGANIZATION: `${DPV_PD}Professional`,
  JOB_TITLE: `${DPV_PD}Job`,
  INDUSTRY: `${DPV_PD}Professional`,
  POSTAL_ADDRESS: `${DPV_PD}PhysicalAddress`,
  PHONE: `${DPV_PD}TelephoneNumber`,
  ORGANIZATION_TYPE: `${DPV_PD}Professional`,
  PAYMENT: `${DPV_PD}Financial`,
  USAGE_DATA: `${DPV_PD}BrowsingBehaviour`,
  DEVICE_DATA: `${DPV_PD}DeviceBased`,
};

/** The DPV purposes a purpose of ours may name (REFERENCE.md). */
export const DPV_PURPOSES = [
  'ServiceProvision',
  'RequestedServiceProvision',
  'Marketing',
  'DirectMarketing',
  'CommunicationManagement',
  'ResearchAndDevelopment',
  'LegalCompliance',
  'RightsFulfilment',
  'IdentityVerification',
  'RecordManagement',
] as const;

const MARKETING_PURPOSES = new Set([`${DPV}Marketing`, `${DPV}DirectMarketing`]);

export const DEFAULT_DPV_PURPOSE = `${DPV}ServiceProvision`;

/**
 * Terms DPV renamed, by their old name: what was stored or is still sent under
 * the old spelling answers with the term DPV 2.3 has.
 */
const RENAMED_DPV_PURPOSES: Readonly<Record<string, (typeof DPV_PURPOSES)[number]>> = {
  RightsFulfillment: 'RightsFulfilment',
};

/**
 * Accepts `dpv:Marketing`, `Marketing` or the full IRI, and a renamed term's
 * old spelling; answers the IRI of the DPV 2.3 term, or null if unknown.
 */
export function dpvPurposeIri(value: string): string | null {
  const given = value.startsWith(DPV) ? value.slice(DPV.length) : value.replace(/^dpv:/, '');
  const name = RENAMED_DPV_PURPOSES[given] ?? given;
  return (DPV_PURPOSES as readonly string[]).includes(name) ? `${DPV}${name}` : null;
}

export function isMarketing(dpvPurpose: string): boolean {
  return MARKETING_PURPOSES.has(dpvPurpose);
}

/** Which category each attendee field is: a field the event did not declare is refused. */
export const ATTENDEE_FIELD_CATEGORY = {
  name: 'NAME',
  email: 'EMAIL',
  country: 'COUNTRY',
  organization: 'ORGANIZATION',
  jobTitle: 'JOB_TITLE',
  industry: 'INDUSTRY',
  postalAddress: 'POSTAL_ADDRESS',
  phone: 'PHONE',
  organizationType: 'ORGANIZATION_TYPE',
} as const satisfies Record<string, DataCategory>;

export type AttendeeField = keyof typeof ATTENDEE_FIELD_CATEGORY;
