import * as partners from '../domain/partners';
import type { MutationResolvers, PartnerResolvers, QueryResolvers } from './types.generated';

export const Query: Pick<QueryResolvers, 'partners'> = {
  partners: (_parent, _args, { services }) => partners.listPartners(services),
};

export const Mutation: Pick<MutationResolvers, 'upsertPartner'> = {
  upsertPartner: (_parent, { input }, { services, caller }) =>
    partners.upsertPartner(services, caller, input),
};

/** A partner's webhook settings: null or refused to anyone but ADMIN and the partner itself. */
export const Partner: PartnerResolvers = {
  webhookUrl: (partner, _args, { caller }) =>
    partners.seesWebhookSettings(caller, partner.id) ? partner.webhookUrl : null,
  hasWebhookSecret: (partner, _args, { caller }) => partners.webhookSecretSet(caller, partner),
};
