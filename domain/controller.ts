/**
 * The controller: who answers for the processing (GDPR Art. 30(1)(a)), named
 * in consent receipts and the register. The lab's identity, from its notice;
 * a deployment for someone else sets the PRIVACY_OPS_CONTROLLER_* variables,
 * which the entry points' settings modules read.
 */
export interface Controller {
  name: string;
  address: string;
  email: string | null;
  phone: string | null;
  url: string | null;
  /** ISO 3166 code of where the controller processes: transfers are to other countries. */
  country: string;
  /** Where a notice version can be read: `{noticeId}` and `{version}` are filled in. */
  policyUrlTemplate: string;
  /** Where a person sees, gives and withdraws their consents: the privacy centre's My privacy page. */
  consentsUrl: string;
  /** Where a person follows up a request, entering the codes mailed about it: `{requestId}` is filled in. */
  requestUrlTemplate: string;
}

/** Where notice versions are read unless a deployment says: the local server. */
export const DEFAULT_PUBLIC_URL = 'http://localhost:4000';

/** Where the privacy centre at `publicUrl` shows a notice version. */
export function policyUrlTemplateAt(publicUrl: string): string {
  return `${publicUrl}/notices/{noticeId}/versions/{version}`;
}

/** Where the privacy centre at `publicUrl` lets a person manage their consents. */
export function consentsUrlAt(publicUrl: string): string {
  return `${publicUrl}/my`;
}

/** Where the privacy centre at `publicUrl` shows a request and takes the codes mailed about it. */
export function requestUrlTemplateAt(publicUrl: string): string {
  return `${publicUrl}/#/request/{requestId}`;
}

/** The lab's own details: what a deployment that sets none of the controller's settings names. */
export const DEFAULT_CONTROLLER: Controller = {
  name: 'Zhejiang Lab',
  address:
    'Kechuang Avenue, Zhongtai Sub-District, Yuhang District, Hangzhou, Zhejiang Province, 311121 P.R. China',
  email: null,
  phone: '+86 (0)571-58009395',
  url: null,
  country: 'CN',
  policyUrlTemplate: policyUrlTemplateAt(DEFAULT_PUBLIC_URL),
  consentsUrl: consentsUrlAt(DEFAULT_PUBLIC_URL),
  requestUrlTemplate: requestUrlTemplateAt(DEFAULT_PUBLIC_URL),
};

export const SECURITY_MEASURES = [
  'Encryption of data at rest (DynamoDB) and in transit (TLS)',
  'Role-based access: administrators, partners and people see only what their role allows',
  'Every administrative change recorded in an append-only audit trail',
  'Attendee data de-identified after each event’s retention period; only aggregate counts remain',
  'Point-in-time recovery of the database',
];
