import type { Db } from './db';
import { auditKeys, withoutKeys } from './keys';
import { queryPage, type Page, type PageRequest, type PartitionQuery } from './pages';
import type { TransactItem } from './transactions';

export interface AuditRecord {
  id: string;
  at: string;
  actor: string;
  role: string;
  action: string;
  entity: string;
  entityId: string;
  details?: Record<string, unknown>;
}

/** The audit entry as one item of the transaction that makes the change it records. */
export function auditPut(db: Db, entry: AuditRecord): TransactItem {
  return {
    Put: {
      TableName: db.table,
      Item: { ...auditKeys.entry(entry.entity, entry.entityId, entry.at, entry.id), ...entry },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export interface AuditFilter {
  entity?: string;
  entityId?: string;
}

/** Newest first: all entries, one kind of entity's, or one entity's. */
export async function listAudit(
  db: Db,
  filter: AuditFilter,
  page: PageRequest,
): Promise<Page<AuditRecord>> {
  const query: PartitionQuery =
    filter.entity && filter.entityId
      ? { partition: auditKeys.byEntityId(filter.entity, filter.entityId), descending: true }
      : {
          ...(filter.entity ? auditKeys.byEntity(filter.entity) : auditKeys.all),
          descending: true,
        };
  const result = await queryPage(db, query, page);
  return {
    items: result.items.map((item) => withoutKeys<AuditRecord>(item)),
    cursor: result.cursor,
  };
}
