import { useState } from 'preact/hooks';
import { graphql } from '../gql';
import type { RequestShownFragment, RequestType } from '../gql/graphql';
import { request } from '../shared/api';
import { ErrorNotice, Loading, PageHeading } from '../shared/components';
import { useAction, useLoad } from '../shared/hooks';
import { navigate } from '../shared/router';
import { EMPTY_DRAFT, inputOf, RequestForm, type RequestDraft } from './request-form';
import { rememberConfirmed } from './request-status';
import { RequestAlreadyOpen, type AlreadyOpen } from './request-open';
import { RequestVerify } from './request-verify';
import { emailOfToken, useSubjectSession } from './session';

export { RequestStatusPage } from './request-status';

const RequestPurposes = graphql(`
  query RequestPurposes {
    purposes {
      id
      name
      lawfulBasis
      marketing
    }
  }
`);

// Only what the API gives anyone: a duplicate of an open request is answered with these alone.
const SubmitSubjectRequest = graphql(`
  mutation SubmitSubjectRequest($input: SubmitSubjectRequestInput!) {
    submitSubjectRequest(input: $input) {
      id
      status
      dueAt
    }
  }
`);

const MyRequestIds = graphql(`
  query MyRequestIds {
    me {
      requests {
        id
      }
    }
  }
`);

/** The requests a signed-in person had before sending, to tell a new one from one already open. */
async function requestIdsOf(token: string | null): Promise<ReadonlySet<string>> {
  if (!token) return new Set();
  const { me } = await request(MyRequestIds, {}, token);
  return new Set(me?.requests.map((item) => item.id) ?? []);
}

/** The address a correction asks to change to, as the person typed it. */
function newAddressOf(draft: RequestDraft, type: RequestType): string | undefined {
  return inputOf(draft, type).corrections?.find((correction) => correction.category === 'EMAIL')
    ?.value;
}

/** A request waiting for its mailed code: its id and where the code went. */
interface Unconfirmed {
  id: string;
  email: string;
  type: RequestType;
}

/** The rights request form, then the mailed code, then the request's own page. */
export function RequestPage() {
  const { token } = useSubjectSession();
  const purposes = useLoad(() => request(RequestPurposes, {}), []);
  const [draft, setDraft] = useState<RequestDraft>(EMPTY_DRAFT);
  const [unconfirmed, setUnconfirmed] = useState<Unconfirmed | null>(null);
  const [alreadyOpen, setAlreadyOpen] = useState<AlreadyOpen | null>(null);
  const submit = useAction(async (type: RequestType) => {
    const known = await requestIdsOf(token);
    const answer = await request(SubmitSubjectRequest, { input: inputOf(draft, type) }, token);
    return { sent: answer.submitSubjectRequest, known };
  });

  const confirmed = (shown: RequestShownFragment) => {
    rememberConfirmed(shown, newAddressOf(draft, shown.type));
    navigate(`/request/${shown.id}`);
  };

  const send = async (type: RequestType) => {
    const answer = await submit.run(type);
    if (!answer) return;
    const { sent, known } = answer;
    const email = draft.email.trim();
    // Only a signed-in person's request for their own address is open at once, with no code.
    const ownAddress = token !== null && emailOfToken(token).toLowerCase() === email.toLowerCase();
    if (sent.status === 'AWAITING_VERIFICATION') {
      setUnconfirmed({ id: sent.id, email, type });
    } else if (ownAddress && !known.has(sent.id)) {
      navigate(`/request/${sent.id}`);
    } else {
      setUnconfirmed(null);
      setAlreadyOpen({ sent, email, type });
    }
  };

  if (purposes.loading) return <Loading what="the request form" />;
  return (
    <>
      <PageHeading>Make a request about your data</PageHeading>
      {alreadyOpen ? (
        <RequestAlreadyOpen
          {...alreadyOpen}
          onAnother={() => {
            setAlreadyOpen(null);
            submit.clearError();
          }}
        />
      ) : unconfirmed ? (
        <RequestVerify
          requestId={unconfirmed.id}
          email={unconfirmed.email}
          onVerified={confirmed}
          onNewCode={() => send(unconfirmed.type)}
          newCodeBusy={submit.busy}
          newCodeError={submit.error}
          onChangeRequest={() => {
            setUnconfirmed(null);
            submit.clearError();
          }}
        />
      ) : (
        <>
          <p>
            You have rights over the data we hold about you. Tell us what you would like; we confirm
            by email that the request is yours, then answer by the date the law sets.
          </p>
          <ErrorNotice error={purposes.error} />
          <RequestForm
            draft={draft}
            onChange={setDraft}
            purposes={purposes.data?.purposes ?? []}
            signedIn={token !== null}
            busy={submit.busy}
            error={submit.error}
            onSubmit={(type) => void send(type)}
          />
        </>
      )}
    </>
  );
}
