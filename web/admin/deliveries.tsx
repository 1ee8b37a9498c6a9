import { useState } from 'preact/hooks';
import { graphql } from '../gql';
import type { DeliveryStatus } from '../gql/graphql';
import { ErrorNotice, Field, Loading, PageHeading, StatusNotice } from '../shared/components';
import { formatDateTime } from '../shared/format';
import { useAction } from '../shared/hooks';
import { CHANNEL_LABELS, DELIVERY_STATUS_LABELS, DELIVERY_STATUSES } from './labels';
import { usePagedList } from './paging';
import { useAdminSession } from './session';

/** What a row of the deliveries table shows: read by the list and by Redeliver's answer alike. */
export const DeliveryRowFields = graphql(`
  fragment DeliveryRow on Delivery {
    id
    channel
    to
    topic
    status
    attempts
    createdAt
    sentAt
    lastError
    nextAttemptAt
  }
`);

const AdminDeliveries = graphql(`
  query AdminDeliveries($status: DeliveryStatus, $after: String) {
    deliveries(status: $status, first: 50, after: $after) {
      nodes {
        ...DeliveryRow
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const Redeliver = graphql(`
  mutation Redeliver($id: ID!) {
    redeliver(id: $id) {
      ...DeliveryRow
    }
  }
`);

/** Mails and webhooks, failures first by default, each failed one with a way to send it again. */
export function DeliveriesPage() {
  const { call } = useAdminSession();
  const [status, setStatus] = useState<DeliveryStatus | ''>('FAILED');
  const [announced, setAnnounced] = useState<string | null>(null);
  const deliveries = usePagedList(
    async (after) => (await call(AdminDeliveries, { status: status || null, after })).deliveries,
    [status],
  );
  const redeliver = useAction((id: string) => call(Redeliver, { id }));
  const sendAgain = async (id: string) => {
    setAnnounced(null);
    const result = await redeliver.run(id);
    if (!result) return;
    deliveries.replace(result.redeliver);
    setAnnounced(
      `Delivery ${id} is ${DELIVERY_STATUS_LABELS[result.redeliver.status].toLowerCase()} again${
        result.redeliver.nextAttemptAt
          ? `: next try ${formatDateTime(result.redeliver.nextAttemptAt)}`
          : ''
      }.`,
    );
  };
  return (
    <>
      <PageHeading>Deliveries</PageHeading>
      <p>
        Each mail and webhook call, newest first. A failed one was tried until its window ended;
        send it again once the receiver is back.
      </p>
      <div class="filters">
        <Field label="Status">
          {(attributes) => (
            <select
              {...attributes}
              value={status}
              onChange={(event) => setStatus(event.currentTarget.value as DeliveryStatus | '')}
            >
              <option value="">Any status</option>
              {DELIVERY_STATUSES.map((each) => (
                <option key={each} value={each}>
                  {DELIVERY_STATUS_LABELS[each]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div class="actions">
          <button type="button" class="secondary" onClick={deliveries.reload}>
            Refresh
          </button>
        </div>
      </div>
      <ErrorNotice error={deliveries.error ?? redeliver.error} />
      {announced && <StatusNotice>{announced}</StatusNotice>}
      {!deliveries.loading && !deliveries.error && deliveries.items.length === 0 && (
        <p role="status">No delivery matches.</p>
      )}
      {deliveries.items.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption class="muted">Deliveries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Topic</th>
                <th scope="col">Channel</th>
                <th scope="col">Recipient</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last error</th>
                <th scope="col">Next attempt</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.items.map((delivery) => (
                <tr key={delivery.id}>
                  <th scope="row">
                    {delivery.topic}
                    <br />
                    <span class="muted">Created {formatDateTime(delivery.createdAt)}</span>
                  </th>
                  <td>{CHANNEL_LABELS[delivery.channel]}</td>
                  <td class="breakable">{delivery.to}</td>
                  <td>
                    {DELIVERY_STATUS_LABELS[delivery.status]}
                    {delivery.sentAt && (
                      <>
                        <br />
                        <span class="muted">{formatDateTime(delivery.sentAt)}</span>
                      </>
                    )}
                  </td>
                  <td>{delivery.attempts}</td>
                  <td class="breakable">{delivery.lastError ?? '—'}</td>
                  <td>{delivery.nextAttemptAt ? formatDateTime(delivery.nextAttemptAt) : '—'}</td>
                  <td>
                    {delivery.status === 'FAILED' && (
                      <button
                        type="button"
                        disabled={redeliver.busy}
                        onClick={() => void sendAgain(delivery.id)}
                      >
                        Redeliver
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {deliveries.loading && <Loading what="deliveries" />}
      {deliveries.hasMore && !deliveries.loading && (
        <div class="actions">
          <button type="button" class="secondary" onClick={deliveries.more}>
            Show more deliveries
          </button>
        </div>
      )}
    </>
  );
}
