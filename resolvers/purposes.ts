import * as purposes from '../domain/purposes';
import { isMarketing } from '../domain/vocabulary';
import type { MutationResolvers, PurposeResolvers, QueryResolvers } from './types.generated';

export const Query: Pick<QueryResolvers, 'purposes'> = {
  purposes: (_parent, _args, { services }) => purposes.listPurposes(services),
};

export const Mutation: Pick<MutationResolvers, 'upsertPurpose'> = {
  upsertPurpose: (_parent, { input }, { services, caller }) =>
    purposes.upsertPurpose(services, caller, input),
};

export const Purpose: PurposeResolvers = {
  marketing: (purpose) => isMarketing(purpose.dpvPurpose),
};
