import { impactAssessments } from '../domain/impact-assessments';
import { processingRegister } from '../domain/processing-register';
import type { ProcessingRegisterResolvers, QueryResolvers } from './types.generated';

/** The Art. 30 register of processing activities. */
export const Query: Pick<QueryResolvers, 'processingRegister'> = {
  processingRegister: (_parent, _args, { services }) => processingRegister(services),
};

export const ProcessingRegister: Pick<ProcessingRegisterResolvers, 'impactAssessments'> = {
  impactAssessments: (_register, _args, { services }) => impactAssessments(services),
};
