import { auditLog } from '../domain/audit';
import { deliveries } from '../domain/deliveries';
import type { QueryResolvers } from './types.generated';

export const Query: Pick<QueryResolvers, 'auditLog' | 'deliveries'> = {
  auditLog: (_parent, args, { services }) => auditLog(services, args),
  deliveries: (_parent, args, { services }) => deliveries(services, args),
};
