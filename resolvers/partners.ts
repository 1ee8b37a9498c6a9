import * as partners from '../domain/partners';
import type { MutationResolvers, QueryResolvers } from './types.generated';

export const Query: Pick<QueryResolvers, 'partners'> = {
  partners: (_parent, _args, { services }) => partners.listPartners(services),
};

export const Mutation: Pick<MutationResolvers, 'upsertPartner'> = {
  upsertPartner: (_parent, { input }, { services, caller }) =>
    partners.upsertPartner(services, caller, input),
};
