import * as consent from '../domain/consent';
import { recordOfConsent } from '../domain/consent-record';
import * as purposes from '../domain/purposes';
import type { ConsentResolvers, MutationResolvers, QueryResolvers } from './types.generated';

export const Query: Pick<QueryResolvers, 'privacySignals'> = {
  // No cache hint: an answer that holds it is no-store (resolvers/response-cache.ts),
  // so a request with Sec-GPC and one without never share an answer.
  privacySignals: (_parent, _args, { signals }) => signals,
};

export const Mutation: Pick<MutationResolvers, 'grantConsent' | 'withdrawConsent'> = {
  grantConsent: (_parent, { input }, { services, caller, signals }) =>
    consent.grantConsent(services, caller, input, signals),
  withdrawConsent: (_parent, { purposeId, method }, { services, caller }) =>
    consent.withdrawConsent(services, caller, purposeId, method),
};

export const Consent: ConsentResolvers = {
  purpose: (record, _args, { services }) => purposes.requirePurpose(services, record.purposeId),
  needsReconfirmation: (record, _args, { services }) =>
    consent.needsReconfirmation(services, record),
  history: (record, _args, { services }) => consent.historyOf(services, record),
  receipt: (record, _args, { services }) => consent.receiptOf(services, record),
  record: (record, _args, { services }) => recordOfConsent(services, record),
};
