import { randomUUID } from 'node:crypto';
import { auditPut, listAudit } from '../store/audit';
import type { TransactItem } from '../store/transactions';
import { actorOf, type Caller } from './caller';
import { BadInputError } from './errors';
import { connectionOf, pageRequest, readPage, type Connection, type PageArgs } from './paging';
import type { Services } from './services';
import type { AuditEntry } from './types';
import { requireIdentifier } from './validation';

export interface AuditedChange {
  action: string;
  entity: string;
  entityId: string;
  details?: Record<string, unknown>;
}

/** The audit entry of an admin's change, to be written in the change's own transaction. */
export function auditItem(
  services: Services,
  caller: Caller,
  change: AuditedChange,
  at: Date,
): TransactItem {
  return auditPut(services.db, {
    id: randomUUID(),
    at: at.toISOString(),
    actor: actorOf(caller),
    role: caller.role,
    ...change,
    details: change.details ?? null,
  });
}

export async function auditLog(
  services: Services,
  args: PageArgs & { entity?: string | null; entityId?: string | null },
): Promise<Connection<AuditEntry>> {
  if (args.entity) requireIdentifier(args.entity, 'entity');
  if (args.entityId) requireIdentifier(args.entityId, 'entityId');
  if (args.entityId && !args.entity) {
    throw new BadInputError('entityId needs entity: an id is only unique within its kind');
  }
  const page = pageRequest(args);
  const result = await readPage(() =>
    listAudit(
      services.db,
      { entity: args.entity ?? undefined, entityId: args.entityId ?? undefined },
      page,
    ),
  );
  return connectionOf(result.items, result.cursor);
}
