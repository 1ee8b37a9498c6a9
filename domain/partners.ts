import {
  getPartner,
  listPartners as readPartners,
  putPartner,
  type PartnerRecord,
} from '../store/partners';
import { auditItem } from './audit';
import type { Caller } from './caller';
import { BadInputError, NotFoundError } from './errors';
import type { Services } from './services';
import { optionalText, requireIdentifier, requireText } from './validation';

/** A recipient of personal data as callers see it: never with its webhook secret. */
export type Partner = Omit<PartnerRecord, 'webhookSecret'> & { hasWebhookSecret: boolean };

export interface PartnerInput {
  id: string;
  name: string;
  kind: string;
  country?: string | null;
  webhookUrl?: string | null;
  webhookSecret?: string | null;
}

export function partnerView(record: PartnerRecord): Partner {
  const { webhookSecret, ...partner } = record;
  return { ...partner, hasWebhookSecret: Boolean(webhookSecret) };
}

export async function listPartners(services: Services): Promise<Partner[]> {
  return (await readPartners(services.db)).map(partnerView);
}

export async function findPartner(services: Services, partnerId: string): Promise<Partner | null> {
  const record = await services.loaders.partner.load(partnerId);
  return record && partnerView(record);
}

export async function requirePartner(services: Services, partnerId: string): Promise<Partner> {
  const partner = await findPartner(services, partnerId);
  if (!partner) throw new NotFoundError(`No partner "${partnerId}"`);
  return partner;
}

function webhookUrl(value: string | null | undefined): string | null {
  if (!value?.trim()) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new BadInputError('webhookUrl is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new BadInputError('webhookUrl must be an http or https URL');
  }
  return url.toString();
}

/** Creates or replaces a partner; a secret left out keeps the one already set. */
export async function upsertPartner(
  services: Services,
  caller: Caller,
  input: PartnerInput,
): Promise<Partner> {
  const existing = await getPartner(services.db, requireIdentifier(input.id, 'id'));
  const secret = input.webhookSecret ?? existing?.webhookSecret ?? null;
  if (secret !== null && (secret.length < 16 || secret.length > 512)) {
    throw new BadInputError('webhookSecret must be 16 to 512 characters');
  }
  const url = webhookUrl(input.webhookUrl);
  const now = services.now();
  const record: PartnerRecord = {
    id: input.id,
    name: requireText(input.name, 'name', 200),
    kind: input.kind,
    country: optionalText(input.country, 'country', 2),
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
