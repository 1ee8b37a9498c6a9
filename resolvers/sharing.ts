import * as partners from '../domain/partners';
import * as sharing from '../domain/sharing';
import type { MutationResolvers, QueryResolvers, SharingRecordResolvers } from './types.generated';

export const Query: Pick<QueryResolvers, 'sharingRecords'> = {
  sharingRecords: (_parent, args, { services, caller }) =>
    sharing.sharingRecords(services, caller, args),
};

export const Mutation: Pick<MutationResolvers, 'recordSharing'> = {
  recordSharing: (_parent, { input }, { services, caller }) =>
    sharing.recordSharing(services, caller, input),
};

export const SharingRecord: SharingRecordResolvers = {
  partner: (record, _args, { services }) => partners.requirePartner(services, record.partnerId),
};
