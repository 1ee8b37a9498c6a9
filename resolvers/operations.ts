import { auditLog } from '../domain/audit';
import type { QueryResolvers } from './types.generated';

export const Query: Pick<QueryResolvers, 'auditLog'> = {
  auditLog: (_parent, args, { services }) => auditLog(services, args),
};
