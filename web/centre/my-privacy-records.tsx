import type { ComponentChildren } from 'preact';
import type { MyPrivacyQuery } from '../gql/graphql';
import { formatDate, formatDateTime } from '../shared/format';
import { routeHref } from '../shared/router';
import { categoriesInWords, RECIPIENT_KIND_WORDS, SITUATION_WORDS } from './my-privacy-words';
import { REQUEST_STATUS_WORDS, REQUEST_TYPES } from './request-words';

type Me = NonNullable<MyPrivacyQuery['me']>;

/**
 * A table that may scroll sideways on a small screen: focusable, so that a
 * keyboard can scroll it too, and named for screen readers.
 */
function ScrollingTable({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

/** "Who received my data": every disclosure, with who, when, why and what. */
export function SharingSection({ records }: { records: Me['sharingRecords'] }) {
  return (
    <section aria-labelledby="sharing-heading">
      <h2 id="sharing-heading">Who received my data</h2>
      {records.length === 0 ? (
        <p>We have not shared your data with anyone.</p>
      ) : (
        <ScrollingTable label="Disclosures of your data">
          <table>
            <caption class="muted">Newest first</caption>
            <thead>
              <tr>
                <th scope="col">Recipient</th>
                <th scope="col">When</th>
                <th scope="col">Why</th>
                <th scope="col">What</th>
              </tr>
            </thead>
            <tbody>
              {[...records]
                .sort((a, b) => b.sharedAt.localeCompare(a.sharedAt))
                .map((record) => (
                  <tr key={record.id}>
                    <td>
                      {record.partner.name}
                      <br />
                      <span class="muted">
                        {RECIPIENT_KIND_WORDS[record.partner.kind]}
                        {record.destinationCountry && `, in ${record.destinationCountry}`}
                      </span>
                    </td>
                    <td>{formatDateTime(record.sharedAt)}</td>
                    <td>
                      {record.purpose}
                      <br />
                      <span class="muted">
                        Because {SITUATION_WORDS[record.situation]}
                        {record.legalReference && ` (${record.legalReference})`}
                      </span>
                    </td>
                    <td>{categoriesInWords(record.categories)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </ScrollingTable>
      )}
    </section>
  );
}

/** The person's rights requests with their status and due date, each linked to its page. */
export function RequestsSection({ requests }: { requests: Me['requests'] }) {
  return (
    <section aria-labelledby="requests-heading">
      <h2 id="requests-heading">My requests</h2>
      {requests.length === 0 ? (
        <p>You have not made any request.</p>
      ) : (
        <ScrollingTable label="Your requests">
          <table>
            <thead>
              <tr>
                <th scope="col">Request</th>
                <th scope="col">Status</th>
                <th scope="col">Received</th>
                <th scope="col">Due by</th>
              </tr>
            </thead>
            <tbody>
              {[...requests]
                .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))
                .map((item) => (
                  <tr key={item.id}>
                    <td>
                      <a href={routeHref(`/request/${item.id}`)}>{REQUEST_TYPES[item.type].name}</a>
                    </td>
                    <td>{REQUEST_STATUS_WORDS[item.status]}</td>
                    <td>{formatDate(item.receivedAt)}</td>
                    <td class={item.overdue ? 'overdue' : undefined}>
                      {formatDate(item.dueAt)}
                      {item.overdue && ' (overdue)'}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </ScrollingTable>
      )}
    </section>
  );
}
