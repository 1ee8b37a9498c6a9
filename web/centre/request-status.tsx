import type { ComponentChildren } from 'preact';
import { graphql } from '../gql';
import type { RequestShownFragment } from '../gql/graphql';
import { request } from '../shared/api';
import { ErrorNotice, Loading, PageHeading } from '../shared/components';
import { downloadFile, formatDate, formatDateTime } from '../shared/format';
import { useState } from 'preact/hooks';
import { useAction, useLoad } from '../shared/hooks';
import { routeHref } from '../shared/router';
import { exportDocument } from './request-export';
import { NewEmailProof, NewEmailProofUnseen } from './request-new-email';
import { JURISDICTIONS, REQUEST_STATUS_WORDS, REQUEST_TYPES } from './request-words';
import { useSubjectSession } from './session';
import { SignInLink } from './sign-in';

graphql(`
  fragment RequestShown on SubjectRequest {
    id
    type
    status
    email
    jurisdiction
    receivedAt
    verifiedAt
    dueAt
    overdue
    extensionReason
    completedAt
    rejectionReason
    newEmailProven
    history {
      at
      status
      note
    }
  }
`);

const SubjectRequestStatus = graphql(`
  query SubjectRequestStatus($id: ID!) {
    subjectRequest(id: $id) {
      ...RequestShown
    }
  }
`);

const SubjectRequestExport = graphql(`
  query SubjectRequestExport($id: ID!) {
    subjectRequest(id: $id) {
      id
      result
    }
  }
`);

/**
 * Requests confirmed in this tab. Anyone may confirm a request with its code,
 * but only the person signed in may read it again: until then the page shows
 * what the confirmation answered.
 */
const confirmedHere = new Map<string, RequestShownFragment>();

/** The new address a correction made in this tab asks for: the API does not tell it back. */
const newAddressHere = new Map<string, string>();

export function rememberConfirmed(confirmed: RequestShownFragment, newAddress?: string): void {
  confirmedHere.set(confirmed.id, confirmed);
  if (newAddress) newAddressHere.set(confirmed.id, newAddress);
}

/** Access and portability requests end with an export of the person's data. */
function hasExport(shown: RequestShownFragment): boolean {
  return shown.status === 'COMPLETED' && (shown.type === 'ACCESS' || shown.type === 'PORTABILITY');
}

export function RequestStatusPage({ requestId }: { requestId: string }) {
  const { token } = useSubjectSession();
  // A request this page could not show until its new address was proven here.
  const [provenUnseen, setProvenUnseen] = useState<RequestShownFragment | null>(null);
  const provenHere = (proven: RequestShownFragment) => {
    rememberConfirmed(proven);
    setProvenUnseen(proven);
  };
  if (token && provenUnseen?.id !== requestId) {
    return <SignedInStatus requestId={requestId} token={token} onProven={provenHere} />;
  }
  const confirmed = confirmedHere.get(requestId);
  const signIn = (
    <SignInLink returnTo={`/request/${requestId}`}>
      Sign in with a code sent to your email
    </SignInLink>
  );
  if (!confirmed) {
    return (
      <>
        <PageHeading>Your request</PageHeading>
        <p>
          To see a request, sign in with the email address you made it with. Only you can see it.
        </p>
        <p>{signIn}</p>
        <NewEmailProofUnseen requestId={requestId} onProven={provenHere} />
      </>
    );
  }
  return (
    <RequestDetails shown={confirmed}>
      <p>
        To come back to this request later, for example once we have answered, sign in with{' '}
        {confirmed.email}: only you can see it. We also email you when it is done.
      </p>
      <p>{signIn}</p>
    </RequestDetails>
  );
}

interface SignedInStatusProps {
  requestId: string;
  token: string;
  onProven: (proven: RequestShownFragment) => void;
}

function SignedInStatus({ requestId, token, onProven }: SignedInStatusProps) {
  const loaded = useLoad(
    () => request(SubjectRequestStatus, { id: requestId }, token),
    [requestId, token],
  );
  const download = useAction(async (as: 'json' | 'html') => {
    const answer = await request(SubjectRequestExport, { id: requestId }, token);
    const result = answer.subjectRequest?.result;
    const name = `my-data-${requestId}`;
    if (as === 'json') {
      downloadFile(`${name}.json`, 'application/json', JSON.stringify(result, null, 2));
    } else {
      downloadFile(`${name}.html`, 'text/html', exportDocument(result));
    }
  });

  if (loaded.loading) return <Loading what="your request" />;
  const shown = loaded.data?.subjectRequest;
  if (!shown) {
    return (
      <>
        <PageHeading>Your request</PageHeading>
        <ErrorNotice error={loaded.error} />
        {!loaded.error && (
          <p>
            We found no such request made with the address you signed in with. It may be under
            another address, or it lapsed before it was confirmed.
          </p>
        )}
        {!loaded.error && <NewEmailProofUnseen requestId={requestId} onProven={onProven} />}
        <p>
          <a href={routeHref('/my')}>See all your requests</a>
        </p>
      </>
    );
  }
  return (
    <RequestDetails shown={shown}>
      {hasExport(shown) && (
        <section aria-labelledby="export-heading">
          <h2 id="export-heading">Your data</h2>
          <p>
            Download what we hold about you: the file as we produced it, or a page to read in your
            browser or print.
          </p>
          <div class="actions">
            <button
              type="button"
              disabled={download.busy}
              onClick={() => void download.run('json')}
            >
              Download as a file (JSON)
            </button>
            <button
              type="button"
              class="secondary"
              disabled={download.busy}
              onClick={() => void download.run('html')}
            >
              Download as a web page (HTML)
            </button>
          </div>
          <ErrorNotice error={download.error} />
        </section>
      )}
      <p>
        <a href={routeHref('/my')}>See all your requests</a>
      </p>
    </RequestDetails>
  );
}

function RequestDetails({
  shown: loaded,
  children,
}: {
  shown: RequestShownFragment;
  children: ComponentChildren;
}) {
  const [proven, setProven] = useState<RequestShownFragment | null>(null);
  const shown = proven?.id === loaded.id ? proven : loaded;
  const rows: [string, string][] = [
    ['Status', REQUEST_STATUS_WORDS[shown.status]],
    ['Made under', JURISDICTIONS[shown.jurisdiction].name],
    ['Received', formatDateTime(shown.receivedAt)],
    ['Due by', `${formatDate(shown.dueAt)}${shown.overdue ? ' (overdue)' : ''}`],
  ];
  if (shown.extensionReason) rows.push(['Why we need more time', shown.extensionReason]);
  if (shown.completedAt) rows.push(['Completed', formatDateTime(shown.completedAt)]);
  if (shown.rejectionReason) rows.push(['Why we refused', shown.rejectionReason]);
  rows.push(['Reference', shown.id]);
  return (
    <>
      <PageHeading>{REQUEST_TYPES[shown.type].name}</PageHeading>
      <div class="table-wrap">
        <table>
          <tbody>
            {rows.map(([label, value]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="hint">{JURISDICTIONS[shown.jurisdiction].deadline}</p>
      <NewEmailProof
        shown={shown}
        newAddress={newAddressHere.get(shown.id) ?? null}
        onProven={(answer) => {
          if (confirmedHere.has(answer.id)) confirmedHere.set(answer.id, answer);
          setProven(answer);
        }}
      />
      {children}
      <h2>What happened so far</h2>
      <ol>
        {shown.history.map((entry) => (
          <li key={`${entry.at}-${entry.status}`}>
            {formatDateTime(entry.at)}: {REQUEST_STATUS_WORDS[entry.status]}
            {entry.note && `. ${entry.note}`}
          </li>
        ))}
      </ol>
    </>
  );
}
