import { useState } from 'preact/hooks';
import { graphql } from '../gql';
import type { RequestShownFragment, RequestType } from '../gql/graphql';
import { request } from '../shared/api';
import { ErrorNotice, Loading, PageHeading } from '../shared/components';
import { useAction, useLoad } from '../shared/hooks';
import { navigate } from '../shared/router';
import { EMPTY_DRAFT, inputOf, RequestForm, type RequestDraft } from './request-form';
import { rememberConfirmed } from './request-status';
import { RequestVerify } from './request-verify';
import { useSubjectSession } from './session';

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

const SubmitSubjectRequest = graphql(`
  mutation SubmitSubjectRequest($input: SubmitSubjectRequestInput!) {
    submitSubjectRequest(input: $input) {
      ...RequestShown
    }
  }
`);

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
  const submit = useAction((type: RequestType) =>
    request(SubmitSubjectRequest, { input: inputOf(draft, type) }, token),
  );

  const confirmed = (shown: RequestShownFragment) => {
    rememberConfirmed(shown);
    navigate(`/request/${shown.id}`);
  };

  const send = async (type: RequestType) => {
    const answer = await submit.run(type);
    if (!answer) return;
    const sent = answer.submitSubjectRequest;
    // A signed-in person's request for their own address needs no code.
    if (sent.status === 'AWAITING_VERIFICATION') {
      setUnconfirmed({ id: sent.id, email: sent.email, type });
    } else {
      confirmed(sent);
    }
  };

  if (purposes.loading) return <Loading what="the request form" />;
  return (
    <>
      <PageHeading>Make a request about your data</PageHeading>
      {unconfirmed ? (
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
