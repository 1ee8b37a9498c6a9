import { listPurposes as readPurposes, putPurpose } from '../store/purposes';
import { auditItem } from './audit';
import type { Caller } from './caller';
import { BadInputError, NotFoundError } from './errors';
import type { DataCategory, LawfulBasis } from './constants';
import type { Services } from './services';
import type { Purpose } from './types';
import {
  BOUNDS,
  optionalText,
  requireLength,
  requireListLength,
  requireText,
  requireWholeNumber,
} from './validation';
import { DEFAULT_DPV_PURPOSE, DPV_PURPOSES, dpvPurposeIri } from './vocabulary';

export interface PurposeInput {
  id: string;
  name: string;
  description?: string | null;
  lawfulBasis: LawfulBasis;
  dataCategories: DataCategory[];
  retentionDays?: number | null;
  dpvPurpose?: string | null;
}

const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

export async function listPurposes(services: Services): Promise<Purpose[]> {
  return readPurposes(services.db);
}

export async function findPurpose(services: Services, purposeId: string): Promise<Purpose | null> {
  return services.loaders.purpose.load(purposeId);
}

export async function requirePurpose(services: Services, purposeId: string): Promise<Purpose> {
  const purpose = await findPurpose(services, purposeId);
  if (!purpose) throw new NotFoundError(`No purpose "${purposeId}"`);
  return purpose;
}

/** Creates or replaces a processing purpose of the register. */
export async function upsertPurpose(
  services: Services,
  caller: Caller,
  input: PurposeInput,
): Promise<Purpose> {
  if (input.id.length > BOUNDS.idLength || !ID_PATTERN.test(input.id)) {
    throw new BadInputError(
      `id must be 1 to ${BOUNDS.idLength} lower-case letters, digits or dashes`,
    );
  }
  const name = requireText(input.name, 'name', BOUNDS.nameLength);
  const description = optionalText(input.description, 'description', BOUNDS.shortTextLength);
  requireListLength(input.dataCategories, 'dataCategories', BOUNDS.categoryList);
  if (input.dataCategories.length === 0) {
    throw new BadInputError('A purpose processes at least one data category');
  }
  const retentionDays = input.retentionDays ?? null;
  if (retentionDays !== null) {
    requireWholeNumber(retentionDays, 'retentionDays', BOUNDS.purposeRetentionDays);
  }
  const dpvPurpose = input.dpvPurpose
    ? dpvPurposeIri(requireLength(input.dpvPurpose, 'dpvPurpose', BOUNDS.urlLength))
    : DEFAULT_DPV_PURPOSE;
  if (!dpvPurpose) {
    throw new BadInputError(`dpvPurpose must be one of dpv:${DPV_PURPOSES.join(', dpv:')}`);
  }
  const now = services.now();
  const purpose: Purpose = {
    id: input.id,
    name,
    description,
    lawfulBasis: input.lawfulBasis,
    dataCategories: [...new Set(input.dataCategories)],
    retentionDays,
    dpvPurpose,
    updatedAt: now.toISOString(),
  };
  const audit = auditItem(
    services,
    caller,
    { action: 'upsertPurpose', entity: 'Purpose', entityId: purpose.id },
    now,
  );
  await putPurpose(services.db, purpose, [audit]);
  return purpose;
}
