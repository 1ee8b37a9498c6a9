import { getPartner, listPartners as readPartners, putPartner } from '../store/partners';
import { auditItem } from './audit';
import type { Caller } from './caller';
import { BadInputError, NotFoundError } from './errors';
import type { RecipientKind } from './constants';
import type { Services } from './services';
import type { Partner } from './types';
import { BOUNDS, optionalText, requireIdentifier, requireLength, requireText } from './validation';

/** A recipient of personal data as callers see it: never with its webhook secret. */
export type PartnerView = Omit<Partner, 'webhookSecret'> & { hasWebhookSecret: boolean };

export interface PartnerInput {
  id: string;
  name: string;
  kind: RecipientKind;
  country?: string | null;
  webhookUrl?: string | null;
  webhookSecret?: string | null;
}

export function partnerView(record: Partner): PartnerView {
  const { webhookSecret, ...partner } = record;
  return { ...partner, hasWebhookSecret: Boolean(webhookSecret) };
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
