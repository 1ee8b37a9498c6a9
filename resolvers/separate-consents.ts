import { recordOfSeparateConsent } from '../domain/consent-record';
import * as partners from '../domain/partners';
import * as separateConsents from '../domain/separate-consents';
import type {
  MutationResolvers,
  QueryResolvers,
  SeparateConsentDisclosureResolvers,
  SeparateConsentResolvers,
} from './types.generated';

export const Query: Pick<QueryResolvers, 'separateConsentDisclosure'> = {
  separateConsentDisclosure: (_parent, { partnerId, scope }, { services }) =>
    separateConsents.separateConsentDisclosure(services, partnerId, scope),
};

export const Mutation: Pick<MutationResolvers, 'grantSeparateConsent' | 'withdrawSeparateConsent'> =
  {
    grantSeparateConsent: (_parent, { input }, { services, caller }) =>
      separateConsents.grantSeparateConsent(services, caller, input),
    withdrawSeparateConsent: (_parent, { partnerId, scope }, { services, caller }) =>
      separateConsents.withdrawSeparateConsent(services, caller, partnerId, scope),
  };

export const SeparateConsent: SeparateConsentResolvers = {
  partner: (consent, _args, { services }) => partners.requirePartner(services, consent.partnerId),
  history: (consent, _args, { services }) => separateConsents.separateHistoryOf(services, consent),
  record: (consent, _args, { services }) => recordOfSeparateConsent(services, consent),
};

export const SeparateConsentDisclosure: SeparateConsentDisclosureResolvers = {
  partner: (disclosure, _args, { services }) =>
    partners.requirePartner(services, disclosure.partnerId),
};
