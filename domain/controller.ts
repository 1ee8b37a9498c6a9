/**
 * The controller: who answers for the processing (GDPR Art. 30(1)(a)), named
 * in consent receipts and the register. The lab's identity, from its notice;
 * a deployment for someone else sets the PRIVACY_OPS_CONTROLLER_* variables.
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
}

export function controllerFrom(env: NodeJS.ProcessEnv = process.env): Controller {
  return {
    name: env.PRIVACY_OPS_CONTROLLER_NAME ?? 'Zhejiang Lab',
    address:
      env.PRIVACY_OPS_CONTROLLER_ADDRESS ??
      'Kechuang Avenue, Zhongtai Sub-District, Yuhang District, Hangzhou, Zhejiang Province, 311121 P.R. China',
    email: env.PRIVACY_OPS_CONTROLLER_EMAIL ?? null,
    phone: env.PRIVACY_OPS_CONTROLLER_PHONE ?? '+86 (0)571-58009395',
    url: env.PRIVACY_OPS_CONTROLLER_URL ?? null,
    country: env.PRIVACY_OPS_CONTROLLER_COUNTRY ?? 'CN',
    policyUrlTemplate:
      env.PRIVACY_OPS_POLICY_URL ??
      `${env.PRIVACY_OPS_PUBLIC_URL ?? 'http://localhost:4000'}/notices/{noticeId}/versions/{version}`,
  };
}

export const SECURITY_MEASURES = [
  'Encryption of data at rest (DynamoDB) and in transit (TLS)',
  'Role-based access: administrators, partners and people see only what their role allows',
  'Every administrative change recorded in an append-only audit trail',
  'Attendee data de-identified after each event’s retention period; only aggregate counts remain',
  'Point-in-time recovery of the database',
];
