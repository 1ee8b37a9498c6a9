import { listPurposes as readPurposes, putPurpose, type PurposeRecord } from '../store/purposes';
import { auditItem } from './audit';
import type { Caller } from './caller';
import { BadInputError } from './errors';
import type { Services } from './services';

export type Purpose = PurposeRecord;

export interface PurposeInput {
  id: string;
  name: string;
  description?: string | null;
  lawfulBasis: string;
  dataCategories: string[];
  retentionDays?: number | null;
}

const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

export async function listPurposes(services: Services): Promise<Purpose[]> {
  return readPurposes(services.db);
}

/** Creates or replaces a processing purpose of the register. */
export async function upsertPurpose(
  services: Services,
  caller: Caller,
  input: PurposeInput,
): Promise<Purpose> {
  if (!ID_PATTERN.test(input.id)) {
    throw new BadInputError('id must be 1 to 64 lower-case letters, digits or dashes');
  }
  if (!input.name.trim() || input.name.length > 200) {
    throw new BadInputError('name must be 1 to 200 characters');
  }
  if ((input.description?.length ?? 0) > 2_000) {
    throw new BadInputError('description is longer than 2000 characters');
  }
  if (input.dataCategories.length === 0) {
    throw new BadInputError('A purpose processes at least one data category');
  }
  const retentionDays = input.retentionDays ?? null;
  if (retentionDays !== null && (retentionDays < 0 || retentionDays > 36_500)) {
    throw new BadInputError('retentionDays must be between 0 and 36500');
  }
  const now = services.now();
  const purpose: Purpose = {
    id: input.id,
    name: input.name,
    description: input.description?.trim() ? input.description : null,
    lawfulBasis: input.lawfulBasis,
    dataCategories: [...new Set(input.dataCategories)],
    retentionDays,
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
