import {
  getPartner,
  listPartners as readPartners,
  partnerIdOfClient,
  putPartner,
  putPartnerClient,
} from '../store/partners';
import { auditItem } from './audit';
import type { Caller } from './caller';
import {
  BadInputError,
  ForbiddenError,
  NotFoundError,
  orConflict,
  UnauthenticatedError,
} from './errors';
import { assertNever, type DataCategory, type HandlerRole, type RecipientKind } from './constants';
import type { Services } from './services';
import type { Partner } from './types';
import {
  BOUNDS,
  optionalText,
  requireIdentifier,
  requireLength,
  requireListLength,
  requireText,
} from './validation';

/** A recipient of personal data as callers see it: never with its webhook secret. */
export type PartnerView = Omit<
  Partner,
  'webhookSecret' | 'role' | 'disclosedPurposes' | 'disclosedCategories'
> & {
  hasWebhookSecret: boolean;
  role: HandlerRole;
  disclosedPurposes: string[];
  disclosedCategories: DataCategory[];
};

export interface PartnerInput {
  id: string;
  name: string;
  kind: RecipientKind;
  country?: string | null;
  webhookUrl?: string | null;
  webhookSecret?: string | null;
  role?: HandlerRole | null;
  contact?: string | null;
  processingMethod?: string | null;
  rightsProcedure?: string | null;
  disclosedPurposes?: string[] | null;
  disclosedCategories?: DataCategory[] | null;
}

/**
 * A service provider processes on the lab's behalf (PIPL Art. 21); every
 * other kind decides its own purposes (Art. 23) unless the admin says otherwise.
 */
export function defaultRole(kind: RecipientKind): HandlerRole {
  switch (kind) {
    case 'SERVICE_PROVIDER':
      return 'ENTRUSTED_PARTY';
    case 'COSPONSOR':
    case 'AUTHORITY':
    case 'SOCIAL_PLATFORM':
    case 'ADVERTISER':
    case 'OTHER':
      return 'INDEPENDENT_HANDLER';
    default:
      return assertNever(kind);
  }
}

export function partnerView(record: Partner): PartnerView {
  const { webhookSecret, ...partner } = record;
  return {
    ...partner,
    hasWebhookSecret: Boolean(webhookSecret),
    role: record.role ?? defaultRole(record.kind),
    disclosedPurposes: record.disclosedPurposes ?? [],
    disclosedCategories: record.disclosedCategories ?? [],
  };
}

/**
 * ADMIN, or the partner itself: a webhook URL can carry the receiver's own
 * credentials (a token in its path or query), so nobody else is shown it.
 */
export function seesWebhookSettings(caller: Caller, partnerId: string): boolean {
  return caller.role === 'ADMIN' || (caller.role === 'PARTNER' && caller.partnerId === partnerId);
}

/** Whether a secret signs the partner's webhooks: for those who see its webhook settings only. */
export function webhookSecretSet(caller: Caller, partner: PartnerView): boolean {
  if (seesWebhookSettings(caller, partner.id)) return partner.hasWebhookSecret;
  if (caller.role === 'PUBLIC') throw new UnauthenticatedError();
  throw new ForbiddenError('A partner’s webhook settings are for administrators and the partner');
}

export async function listPartners(services: Services): Promise<PartnerView[]> {
  return (await readPartners(services.db)).map(partnerView);
}

export async function findPartner(
  services: Services,
  partnerId: string,
): Promise<PartnerView | null> {
  const record = await services.loaders.partner.load(partnerId);
  return record && partnerView(record);
}

export async function requirePartner(services: Services, partnerId: string): Promise<PartnerView> {
  const partner = await findPartner(services, partnerId);
  if (!partner) throw new NotFoundError(`No partner "${partnerId}"`);
  return partner;
}

function webhookUrl(value: string | null | undefined): string | null {
  const text = optionalText(value, 'webhookUrl', BOUNDS.urlLength);
  if (!text) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new BadInputError('webhookUrl is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new BadInputError('webhookUrl must be an http or https URL');
  }
  // Percent-encoding lengthens what is stored.
  return requireLength(url.toString(), 'webhookUrl', BOUNDS.urlLength);
}

function webhookSecret(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const { min, max } = BOUNDS.webhookSecretLength;
  if (value.length < min || value.length > max) {
    throw new BadInputError(`webhookSecret must be ${min} to ${max} characters`);
  }
  return requireLength(value, 'webhookSecret', max);
}

function disclosedPurposes(values: string[] | null | undefined): string[] | null {
  const purposes = requireListLength(values ?? [], 'disclosedPurposes', BOUNDS.disclosedPurposes)
    .map((value, index) => requireText(value, `disclosedPurposes[${index}]`, BOUNDS.nameLength))
    .map((value) => value.trim());
  return purposes.length > 0 ? [...new Set(purposes)] : null;
}

function disclosedCategories(values: DataCategory[] | null | undefined): DataCategory[] | null {
  const categories = requireListLength(values ?? [], 'disclosedCategories', BOUNDS.categoryList);
  return categories.length > 0 ? [...new Set(categories)] : null;
}

/** Creates or replaces a partner; a secret left out keeps the one already set. */
export async function upsertPartner(
  services: Services,
  caller: Caller,
  input: PartnerInput,
): Promise<PartnerView> {
  requireIdentifier(input.id, 'id');
  const name = requireText(input.name, 'name', BOUNDS.nameLength);
  const country = optionalText(input.country, 'country', 2);
  const url = webhookUrl(input.webhookUrl);
  const newSecret = webhookSecret(input.webhookSecret);
  const existing = await getPartner(services.db, input.id);
  const secret = newSecret ?? existing?.webhookSecret ?? null;
  const now = services.now();
  const record: Partner = {
    id: input.id,
    name,
    kind: input.kind,
    country,
    webhookUrl: url,
    webhookSecret: secret,
    clientId: existing?.clientId ?? null,
    role: input.role ?? defaultRole(input.kind),
    contact: optionalText(input.contact, 'contact', BOUNDS.shortTextLength),
    processingMethod: optionalText(
      input.processingMethod,
      'processingMethod',
      BOUNDS.shortTextLength,
    ),
    rightsProcedure: optionalText(input.rightsProcedure, 'rightsProcedure', BOUNDS.shortTextLength),
    disclosedPurposes: disclosedPurposes(input.disclosedPurposes),
    disclosedCategories: disclosedCategories(input.disclosedCategories),
    updatedAt: now.toISOString(),
  };
  const audit = auditItem(
    services,
    caller,
    {
      action: 'upsertPartner',
      entity: 'Partner',
      entityId: record.id,
      details: { secretChanged: Boolean(input.webhookSecret) },
    },
    now,
  );
  await putPartner(services.db, record, [audit]);
  return partnerView(record);
}

/**
 * Records the Cognito app client a partner's system signs in as
 * (`npm run partner-client`), in place of the one it had: from then on a
 * client-credentials token of that client is this PARTNER, and one of the
 * replaced client is nobody. Returns the replaced client's id.
 */
export async function recordPartnerClient(
  services: Services,
  caller: Caller,
  partnerId: string,
  clientId: string,
): Promise<{ replaced: string | null }> {
  const partner = await getPartner(services.db, partnerId);
  if (!partner) throw new NotFoundError(`No partner "${partnerId}"`);
  const now = services.now();
  const audit = auditItem(
    services,
    caller,
    {
      action: 'recordPartnerClient',
      entity: 'Partner',
      entityId: partnerId,
      details: { clientId, replaced: partner.clientId },
    },
    now,
  );
  await orConflict(
    putPartnerClient(
      services.db,
      { partnerId, clientId, replacing: partner.clientId, updatedAt: now.toISOString() },
      [audit],
    ),
    `Partner "${partnerId}" or its app client changed meanwhile, or the client is recorded already`,
  );
  return { replaced: partner.clientId };
}

/** The partner whose system signs in as this app client; null when none records it. */
export function partnerOfClient(services: Services, clientId: string): Promise<string | null> {
  return partnerIdOfClient(services.db, clientId);
}
