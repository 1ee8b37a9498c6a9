import { useState } from 'preact/hooks';
import { graphql } from '../gql';
import type { RequestStatus } from '../gql/graphql';
import { ErrorNotice, Field, Loading, PageHeading } from '../shared/components';
import { formatDate } from '../shared/format';
import { routeHref } from '../shared/router';
import {
  JURISDICTION_LABELS,
  REQUEST_CHANNEL_LABELS,
  REQUEST_STATUS_LABELS,
  REQUEST_TYPE_LABELS,
  REQUEST_STATUSES,
} from './labels';
import { maskEmail } from './mask';
import { usePagedList } from './paging';
import { useAdminSession } from './session';

const RequestQueue = graphql(`
  query RequestQueue($status: RequestStatus, $overdue: Boolean, $after: String) {
    subjectRequests(status: $status, overdue: $overdue, first: 50, after: $after) {
      nodes {
        id
        type
        status
        email
        jurisdiction
        receivedAt
        channel
        dueAt
        overdue
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

type OverdueFilter = 'any' | 'overdue' | 'on-time';

const OVERDUE_FILTERS: Record<OverdueFilter, { label: string; value: boolean | null }> = {
  any: { label: 'Any', value: null },
  overdue: { label: 'Overdue only', value: true },
  'on-time': { label: 'Not overdue', value: false },
};

/** The queue, soonest deadline first; addresses are masked until a request is opened. */
export function RequestQueuePage() {
  const { call } = useAdminSession();
  const [status, setStatus] = useState<RequestStatus | ''>('');
  const [overdue, setOverdue] = useState<OverdueFilter>('any');
  const queue = usePagedList(
    async (after) =>
      (
        await call(RequestQueue, {
          status: status || null,
          overdue: OVERDUE_FILTERS[overdue].value,
          after,
        })
      ).subjectRequests,
    [status, overdue],
  );
  return (
    <>
      <PageHeading>Requests</PageHeading>
      <div class="actions">
        <a class="button" href={routeHref('/requests/new')}>
          Enter a request received offline
        </a>
      </div>
      <form class="filters" onSubmit={(event) => event.preventDefault()}>
        <Field label="Status">
          {(attributes) => (
            <select
              {...attributes}
              value={status}
              onChange={(event) => setStatus(event.currentTarget.value as RequestStatus | '')}
            >
              <option value="">Any status</option>
              {REQUEST_STATUSES.map((each) => (
                <option key={each} value={each}>
                  {REQUEST_STATUS_LABELS[each]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Deadline">
          {(attributes) => (
            <select
              {...attributes}
              value={overdue}
              onChange={(event) => setOverdue(event.currentTarget.value as OverdueFilter)}
            >
              {Object.entries(OVERDUE_FILTERS).map(([value, filter]) => (
                <option key={value} value={value}>
                  {filter.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </form>
      <ErrorNotice error={queue.error} />
      {!queue.loading && !queue.error && queue.items.length === 0 && (
        <p role="status">No request matches.</p>
      )}
      {queue.items.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption class="muted">
              {queue.items.length} request{queue.items.length === 1 ? '' : 's'}
              {queue.hasMore ? ' so far' : ''}, soonest deadline first
            </caption>
            <thead>
              <tr>
                <th scope="col">Due</th>
                <th scope="col">Request</th>
                <th scope="col">Requester</th>
                <th scope="col">Status</th>
                <th scope="col">Jurisdiction</th>
                <th scope="col">Received</th>
                <th scope="col">Channel</th>
              </tr>
            </thead>
            <tbody>
              {queue.items.map((item) => (
                <tr key={item.id}>
                  <td>
                    {formatDate(item.dueAt)}
                    {item.overdue && (
                      <>
                        {' '}
                        <strong class="overdue">Overdue</strong>
                      </>
                    )}
                  </td>
                  <td>
                    <a href={routeHref(`/requests/${item.id}`)}>
                      {REQUEST_TYPE_LABELS[item.type]} request {item.id}
                    </a>
                  </td>
                  <td>{maskEmail(item.email)}</td>
                  <td>{REQUEST_STATUS_LABELS[item.status]}</td>
                  <td>{JURISDICTION_LABELS[item.jurisdiction]}</td>
                  <td>{formatDate(item.receivedAt)}</td>
                  <td>{REQUEST_CHANNEL_LABELS[item.channel]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {queue.loading && <Loading what="requests" />}
      {queue.hasMore && !queue.loading && (
        <div class="actions">
          <button type="button" class="secondary" onClick={queue.more}>
            Show more requests
          </button>
        </div>
      )}
    </>
  );
}
