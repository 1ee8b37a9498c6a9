import { auditLog } from '../domain/audit';
import { deliveries, redeliver } from '../domain/deliveries';
import { noticeChangeNotifications } from '../domain/notifications/fan-out';
import type { MutationResolvers, QueryResolvers } from './types.generated';

export const Query: Pick<QueryResolvers, 'auditLog' | 'deliveries' | 'noticeChangeNotifications'> =
  {
    auditLog: (_parent, args, { services }) => auditLog(services, args),
    deliveries: (_parent, args, { services }) => deliveries(services, args),
    noticeChangeNotifications: (_parent, { noticeId }, { services }) =>
      noticeChangeNotifications(services, noticeId),
  };

export const Mutation: Pick<MutationResolvers, 'redeliver'> = {
  redeliver: (_parent, { id }, { services, caller }) => redeliver(services, caller, id),
};
