import type { AuditEntry } from '../domain/types';
import type { Db } from './db';
import { entityOf, itemOf } from './items';
import { auditKeys } from './keys';
import { queryPage, type Page, type PageRequest, type PartitionQuery } from './pages';
import type { TransactItem } from './transactions';

/** The audit entry as one item of the transaction that makes the change it records. */
export function auditPut(db: Db, entry: AuditEntry): TransactItem {
  return {
    Put: {
      TableName: db.table,
      Item: {
        ...auditKeys.entry(entry.entity, entry.entityId, entry.at, entry.id),
        ...itemOf(entry),
      },
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
): Promise<Page<AuditEntry>> {
  const query: PartitionQuery =
    filter.entity && filter.entityId
      ? { partition: auditKeys.byEntityId(filter.entity, filter.entityId), descending: true }
      : {
          ...(filter.entity ? auditKeys.byEntity(filter.entity) : auditKeys.all),
          descending: true,
        };
  const result = await queryPage(db, query, page);
  return {
    items: result.items.map((item) => entityOf<AuditEntry>(item, ['details'])),
    cursor: result.cursor,
  };
}
