import { useEffect, useRef } from 'preact/hooks';
import { formatDate } from '../shared/format';
import { routeHref } from '../shared/router';
import type { RequestType, SubmitSubjectRequestMutation } from '../gql/graphql';
import { REQUEST_STATUS_WORDS, REQUEST_TYPES } from './request-words';

/** An open request of the same type from the same address, which the API answered with. */
export interface AlreadyOpen {
  sent: SubmitSubjectRequestMutation['submitSubjectRequest'];
  email: string;
  type: RequestType;
}

/**
 * The API answered with a request of the same type from the same address
 * that is still open: no code is mailed and no second deadline starts, so
 * the person is told which request it is and when it is due.
 */
export function RequestAlreadyOpen({
  sent,
  email,
  type,
  onAnother,
}: AlreadyOpen & { onAnother: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [sent.id]);
  return (
    <section aria-labelledby="already-open">
      <h2 id="already-open" ref={heading} tabIndex={-1}>
        A request of this kind is already open
      </h2>
      <p>
        We are already working on a request from {email} of this kind ({REQUEST_TYPES[type].name}),
        so we did not open another one and sent no code. We answer it by its due date.
      </p>
      <div class="table-wrap">
        <table>
          <tbody>
            <tr>
              <th scope="row">Reference</th>
              <td class="breakable">{sent.id}</td>
            </tr>
            <tr>
              <th scope="row">Status</th>
              <td>{REQUEST_STATUS_WORDS[sent.status]}</td>
            </tr>
            <tr>
              <th scope="row">Due by</th>
              <td>{formatDate(sent.dueAt)}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <p>
        <a href={routeHref(`/request/${sent.id}`)}>Follow the open request</a> (you sign in with a
        code sent to {email}).
      </p>
      <div class="actions">
        <button type="button" class="secondary" onClick={onAnother}>
          Make another request
        </button>
      </div>
    </section>
  );
}
