/**
 * PIPL personal information protection impact assessments (Arts. 55-56):
 * recorded before providing data to another handler or abroad, kept at least
 * three years (never deleted: store/keys.ts), listed in the register.
 */
import { randomUUID } from 'node:crypto';
import { addYears } from 'date-fns';
import { assessmentPut, listAssessments } from '../store/impact-assessments';
import { transact } from '../store/transactions';
import { auditItem } from './audit';
import type { Caller } from './caller';
import { SEPARATE_CONSENT_SCOPES, type SeparateConsentScope } from './constants';
import { BadInputError } from './errors';
import { requirePartner } from './partners';
import type { Services } from './services';
import type { ImpactAssessment } from './types';
import {
  BOUNDS,
  requireDateTime,
  requireIdentifier,
  requireListLength,
  requireText,
} from './validation';

export interface ImpactAssessmentInput {
  partnerId: string;
  scopes: SeparateConsentScope[];
  conductedAt: Date;
  reviewBy?: Date | null;
  summary: string;
  risks: string;
  safeguards: string;
}

/** ADMIN: records an assessment of providing data to one partner, with its audit entry. */
export async function recordImpactAssessment(
  services: Services,
  caller: Caller,
  input: ImpactAssessmentInput,
): Promise<ImpactAssessment> {
  requireIdentifier(input.partnerId, 'partnerId');
  const scopes = requireListLength(input.scopes, 'scopes', SEPARATE_CONSENT_SCOPES.length);
  if (scopes.length === 0) throw new BadInputError('Name at least one scope the assessment covers');
  if (new Set(scopes).size !== scopes.length) {
    throw new BadInputError('scopes names a scope twice');
  }
  const conductedAt = requireDateTime(input.conductedAt, 'conductedAt');
  const reviewBy = requireDateTime(input.reviewBy ?? addYears(conductedAt, 1), 'reviewBy');
  const summary = requireText(input.summary, 'summary', BOUNDS.shortTextLength);
  const risks = requireText(input.risks, 'risks', BOUNDS.shortTextLength);
  const safeguards = requireText(input.safeguards, 'safeguards', BOUNDS.shortTextLength);
  const now = services.now();
  if (conductedAt.getTime() > now.getTime()) {
    throw new BadInputError('conductedAt lies in the future: record an assessment once conducted');
  }
  if (reviewBy.getTime() <= conductedAt.getTime()) {
    throw new BadInputError('reviewBy must come after conductedAt');
  }
  const partner = await requirePartner(services, input.partnerId);
  const assessment: ImpactAssessment = {
    id: randomUUID(),
    partnerId: partner.id,
    scopes,
    conductedAt: conductedAt.toISOString(),
    reviewBy: reviewBy.toISOString(),
    summary,
    risks,
    safeguards,
    createdAt: now.toISOString(),
  };
  await transact(services.db, [
    assessmentPut(services.db, assessment),
    auditItem(
      services,
      caller,
      {
        action: 'recordImpactAssessment',
        entity: 'ImpactAssessment',
        entityId: assessment.id,
        details: { partnerId: partner.id, scopes },
      },
      now,
    ),
  ]);
  return assessment;
}

/** ADMIN: all assessments on record, or one partner's; newest conducted first. */
export async function impactAssessments(
  services: Services,
  partnerId?: string | null,
): Promise<ImpactAssessment[]> {
  if (partnerId) requireIdentifier(partnerId, 'partnerId');
  const assessments = await listAssessments(services.db, partnerId ?? undefined);
  return assessments.sort(
    (a, b) => b.conductedAt.localeCompare(a.conductedAt) || b.createdAt.localeCompare(a.createdAt),
  );
}

/** Whether one of the assessments covers the scope at `at`: conducted by then, review not yet due. */
export function isCovered(
  assessments: readonly ImpactAssessment[],
  scope: SeparateConsentScope,
  at: Date,
): boolean {
  const time = at.toISOString();
  return assessments.some(
    (assessment) =>
      assessment.scopes.includes(scope) &&
      assessment.conductedAt <= time &&
      time <= assessment.reviewBy,
  );
}
