import * as assessments from '../domain/impact-assessments';
import * as partners from '../domain/partners';
import type {
  ImpactAssessmentResolvers,
  MutationResolvers,
  QueryResolvers,
} from './types.generated';

export const Query: Pick<QueryResolvers, 'impactAssessments'> = {
  impactAssessments: (_parent, { partnerId }, { services }) =>
    assessments.impactAssessments(services, partnerId),
};

export const Mutation: Pick<MutationResolvers, 'recordImpactAssessment'> = {
  recordImpactAssessment: (_parent, { input }, { services, caller }) =>
    assessments.recordImpactAssessment(services, caller, input),
};

export const ImpactAssessment: ImpactAssessmentResolvers = {
  partner: (assessment, _args, { services }) =>
    partners.requirePartner(services, assessment.partnerId),
};
