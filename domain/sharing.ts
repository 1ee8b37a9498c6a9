import { randomUUID } from 'node:crypto';
import { findSubjectId, personExists } from '../store/people';
import { getSeparateConsent, separateConsentGranted } from '../store/separate-consents';
import { listSharing, sharingPut } from '../store/sharing';
import { transact, type TransactItem } from '../store/transactions';
import { auditItem } from './audit';
import type { Caller } from './caller';
import {
  assertNever,
  type DataCategory,
  type SeparateConsentScope,
  type SharingSituation,
} from './constants';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError, orConflict } from './errors';
import { connectionOf, pageRequest, readPage, type Connection, type PageArgs } from './paging';
import { impactAssessments, isCovered } from './impact-assessments';
import { requirePartner, type PartnerView } from './partners';
import { isCrossBorder, isOtherHandler } from './separate-consents';
import type { Services } from './services';
import type { SharingRecord } from './types';
import {
  BOUNDS,
  normaliseEmail,
  optionalText,
  requireDateTime,
  requireEmail,
  requireIdentifier,
  requireListLength,
  requireText,
} from './validation';

/** The situations in which the notice allows sharing a restricted person's data (GDPR Art. 18(2)). */
const ALLOWED_WHEN_RESTRICTED: ReadonlySet<SharingSituation> = new Set([
  'LEGAL_REQUIREMENT',
  'LEGAL_CLAIMS',
]);

/**
 * The PIPL separate consents a disclosure rests on (Arts. 23, 39): providing
 * to a handler that decides its own purposes, in a situation that rests on
 * the person; and, in any situation that rests on the person or on the
 * entrusting, providing abroad. Legal duties, claims and emergencies (PIPL
 * Art. 13(3)-(4)) need none; aggregated statistics are not personal data.
 */
export function requiredScopes(
  situation: SharingSituation,
  partner: PartnerView,
  crossBorder: boolean,
): SeparateConsentScope[] {
  const abroad = crossBorder ? (['CROSS_BORDER'] as const) : [];
  switch (situation) {
    case 'SUBJECT_AUTHORIZED':
    case 'COSPONSORED_EVENT':
      return [
        ...(isOtherHandler(partner.role) ? (['PROVISION_TO_HANDLER'] as const) : []),
        ...abroad,
      ];
    case 'SERVICE_PROVIDER':
      return [...abroad];
    case 'LEGAL_REQUIREMENT':
    case 'LEGAL_CLAIMS':
    case 'EMERGENCY':
    case 'AGGREGATED_STATISTICS':
      return [];
    default:
      return assertNever(situation);
  }
}

/**
 * Exactly where a separate consent is needed, the person's GRANTED consent
 * and an assessment covering the scope at `at` must both be on record; the
 * CONFLICT names every piece missing. Answers the conditions that keep each
 * consent GRANTED until the disclosure is written.
 */
async function requireSeparateConsents(
  services: Services,
  partner: PartnerView,
  subjectId: string,
  scopes: readonly SeparateConsentScope[],
  at: Date,
): Promise<TransactItem[]> {
  if (scopes.length === 0) return [];
  const [consents, assessments] = await Promise.all([
    Promise.all(
      scopes.map((scope) => getSeparateConsent(services.db, subjectId, partner.id, scope)),
    ),
    impactAssessments(services, partner.id),
  ]);
  const missing = scopes.flatMap((scope, index) => [
    ...(consents[index]?.status === 'GRANTED'
      ? []
      : [`the person’s separate consent to ${scope} for partner "${partner.id}"`]),
    ...(isCovered(assessments, scope, at)
      ? []
      : [`an impact assessment covering ${scope} for partner "${partner.id}"`]),
  ]);
  if (missing.length > 0) {
    throw new ConflictError(`PIPL needs before this disclosure: ${missing.join('; ')}`);
  }
  return scopes.map((scope) => separateConsentGranted(services.db, subjectId, partner.id, scope));
}

export interface RecordSharingInput {
  partnerId: string;
  subjectEmail?: string | null;
  categories: DataCategory[];
  purpose: string;
  situation: SharingSituation;
  legalReference?: string | null;
  destinationCountry?: string | null;
  sharedAt?: Date | null;
}

/** ADMIN: records a disclosure. Only an aggregated one names nobody; every other names the person. */
export async function recordSharing(
  services: Services,
  caller: Caller,
  input: RecordSharingInput,
): Promise<SharingRecord> {
  requireIdentifier(input.partnerId, 'partnerId');
  if (input.subjectEmail) requireEmail(input.subjectEmail, 'subjectEmail');
  requireListLength(input.categories, 'categories', BOUNDS.categoryList);
  const purpose = requireText(input.purpose, 'purpose', BOUNDS.shortTextLength);
  const legalReference = optionalText(
    input.legalReference,
    'legalReference',
    BOUNDS.shortTextLength,
  );
  if (input.sharedAt) requireDateTime(input.sharedAt, 'sharedAt');
  const aggregated = input.situation === 'AGGREGATED_STATISTICS';
  if (aggregated && input.subjectEmail) {
    throw new BadInputError(
      'An aggregated, non-identifying disclosure names no person: leave subjectEmail out',
    );
  }
  if (!aggregated && !input.subjectEmail) {
    throw new BadInputError(
      `A disclosure in situation ${input.situation} must name the person (subjectEmail)`,
    );
  }
  if (input.categories.length === 0)
    throw new BadInputError('Name at least one data category shared');
  const now = services.now();
  if (input.sharedAt && input.sharedAt.getTime() > now.getTime() + 5 * 60_000) {
    throw new BadInputError('sharedAt lies in the future: record a disclosure once it happened');
  }
  const partner = await requirePartner(services, input.partnerId);

  let subjectId: string | null = null;
  const guards: TransactItem[] = [];
  if (input.subjectEmail) {
    subjectId = await findSubjectId(services.db, normaliseEmail(input.subjectEmail));
    const person = subjectId && (await services.loaders.person.load(subjectId));
    if (!subjectId || !person) throw new NotFoundError('No person is held under that address');
    if (person.restricted && !ALLOWED_WHEN_RESTRICTED.has(input.situation)) {
      throw new ConflictError(
        'Processing of this person’s data is restricted: it may be shared only for a legal requirement or legal claims',
      );
    }
    guards.push(personExists(services.db, subjectId));
  }
  const destinationCountry = input.destinationCountry ?? partner.country ?? null;
  if (subjectId) {
    const scopes = requiredScopes(
      input.situation,
      partner,
      isCrossBorder(services, destinationCountry),
    );
    guards.push(...(await requireSeparateConsents(services, partner, subjectId, scopes, now)));
  }
  const record: SharingRecord = {
    id: randomUUID(),
    partnerId: partner.id,
    subjectId,
    categories: [...new Set(input.categories)],
    purpose,
    situation: input.situation,
    legalReference,
    destinationCountry,
    sharedAt: (input.sharedAt ?? now).toISOString(),
    recordedAt: now.toISOString(),
    subjectErased: false,
  };
  await orConflict(
    transact(services.db, [
      ...guards,
      sharingPut(services.db, record),
      auditItem(
        services,
        caller,
        {
          action: 'recordSharing',
          entity: 'SharingRecord',
          entityId: record.id,
          details: { partnerId: partner.id },
        },
        now,
      ),
    ]),
    'The person’s records changed meanwhile; try again',
  );
  return record;
}

export interface SharingArgs extends PageArgs {
  partnerId?: string | null;
  since?: Date | null;
}

/** ADMIN: all or one partner's. PARTNER: its own only. Oldest first, paged without loss. */
export async function sharingRecords(
  services: Services,
  caller: Caller,
  args: SharingArgs,
): Promise<Connection<SharingRecord>> {
  if (args.partnerId) requireIdentifier(args.partnerId, 'partnerId');
  if (args.since) requireDateTime(args.since, 'since');
  let partnerId = args.partnerId ?? undefined;
  if (caller.role === 'PARTNER') {
    if (partnerId && partnerId !== caller.partnerId) {
      throw new ForbiddenError('A partner reads its own sharing records only');
    }
    partnerId = caller.partnerId;
  } else if (caller.role !== 'ADMIN') {
    throw new ForbiddenError();
  }
  const page = pageRequest(args);
  const result = await readPage(() =>
    listSharing(services.db, { partnerId, since: args.since?.toISOString() }, page),
  );
  return connectionOf(result.items, result.cursor);
}
