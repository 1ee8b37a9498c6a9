import { useState } from 'preact/hooks';
import { graphql } from '../gql';
import { ErrorNotice, Field, Loading, PageHeading } from '../shared/components';
import { formatDateTime } from '../shared/format';
import { routeHref } from '../shared/router';
import { AUDITED_ENTITIES, type AuditedEntity } from './labels';
import { usePagedList } from './paging';
import { useAdminSession } from './session';

const AdminAuditLog = graphql(`
  query AdminAuditLog($entity: String, $entityId: String, $after: String) {
    auditLog(entity: $entity, entityId: $entityId, first: 50, after: $after) {
      nodes {
        id
        at
        actor
        role
        action
        entity
        entityId
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

interface AuditFilter {
  entity: AuditedEntity | '';
  entityId: string;
}

/** Where an entity is looked at in the desk, when it has a page of its own. */
function entityHref(entity: string, entityId: string): string | null {
  if (entity === 'SubjectRequest') return routeHref(`/requests/${entityId}`);
  if (entity === 'Notice') return routeHref(`/notices/${entityId}`);
  return null;
}

/** Every administrative change, newest first, narrowed to a kind of entity or one entity. */
export function AuditPage() {
  const { call } = useAdminSession();
  const [draft, setDraft] = useState<AuditFilter>({ entity: '', entityId: '' });
  const [filter, setFilter] = useState<AuditFilter>(draft);
  const entries = usePagedList(
    async (after) =>
      (
        await call(AdminAuditLog, {
          entity: filter.entity || null,
          entityId: (filter.entity && filter.entityId.trim()) || null,
          after,
        })
      ).auditLog,
    [filter],
  );
  return (
    <>
      <PageHeading>Audit log</PageHeading>
      <form
        class="filters"
        onSubmit={(event) => {
          event.preventDefault();
          setFilter({ ...draft });
        }}
      >
        <Field label="Entity">
          {(attributes) => (
            <select
              {...attributes}
              value={draft.entity}
              onChange={(event) =>
                setDraft({ ...draft, entity: event.currentTarget.value as AuditedEntity | '' })
              }
            >
              <option value="">Any entity</option>
              {AUDITED_ENTITIES.map((entity) => (
                <option key={entity} value={entity}>
                  {entity}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Entity id" hint="With an entity chosen: that one entity's entries.">
          {(attributes) => (
            <input
              {...attributes}
              type="text"
              autoComplete="off"
              value={draft.entityId}
              onInput={(event) => setDraft({ ...draft, entityId: event.currentTarget.value })}
            />
          )}
        </Field>
        <div class="actions">
          <button type="submit">Show entries</button>
        </div>
      </form>
      <ErrorNotice error={entries.error} />
      {!entries.loading && !entries.error && entries.items.length === 0 && (
        <p role="status">No entry matches.</p>
      )}
      {entries.items.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption class="muted">Audit entries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Entity</th>
              </tr>
            </thead>
            <tbody>
              {entries.items.map((entry) => {
                const href = entityHref(entry.entity, entry.entityId);
                return (
                  <tr key={entry.id}>
                    <td>{formatDateTime(entry.at)}</td>
                    <td class="breakable">
                      {entry.actor}
                      <br />
                      <span class="muted">{entry.role}</span>
                    </td>
                    <td>{entry.action}</td>
                    <td class="breakable">
                      {entry.entity} {href ? <a href={href}>{entry.entityId}</a> : entry.entityId}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {entries.loading && <Loading what="the audit log" />}
      {entries.hasMore && !entries.loading && (
        <div class="actions">
          <button type="button" class="secondary" onClick={entries.more}>
            Show older entries
          </button>
        </div>
      )}
    </>
  );
}
