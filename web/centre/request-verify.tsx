import { useEffect, useRef, useState } from 'preact/hooks';
import { graphql } from '../gql';
import type { RequestShownFragment } from '../gql/graphql';
import { ApiError, describeError, request } from '../shared/api';
import { CodeField, ErrorNotice, StatusNotice } from '../shared/components';

const VerifySubjectRequest = graphql(`
  mutation VerifySubjectRequest($id: ID!, $code: String!) {
    verifySubjectRequest(id: $id, code: $code) {
      ...RequestShown
    }
  }
`);

interface RequestVerifyProps {
  requestId: string;
  email: string;
  onVerified: (verified: RequestShownFragment) => void;
  /** Files the same request again, which mails a new code. */
  onNewCode: () => Promise<void>;
  newCodeBusy: boolean;
  newCodeError: string | null;
  /** Back to the form, with what was filled in. */
  onChangeRequest: () => void;
}

/** The mailed code that shows the request is the person's own; until it is given nothing happens. */
export function RequestVerify(props: RequestVerifyProps) {
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [locked, setLocked] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    setCode('');
    setError(null);
    setLocked(false);
    input.current?.focus();
  }, [props.requestId]);

  const verify = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await request(VerifySubjectRequest, {
        id: props.requestId,
        code: code.trim(),
      });
      props.onVerified(answer.verifySubjectRequest);
    } catch (failure) {
      const isLocked = failure instanceof ApiError && failure.code === 'CONFLICT';
      setLocked(isLocked);
      setError(
        isLocked
          ? `${describeError(failure)} Ask for a new code to send the request again.`
          : describeError(failure),
      );
      input.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(event) => void verify(event)}>
      <StatusNotice>
        We emailed a code to {props.email}. Enter it to confirm the request is yours: until then we
        do not act on it, and an unconfirmed request lapses after a while.
      </StatusNotice>
      <CodeField
        label="Code from the email"
        hint="The code on the line that starts “Code:”."
        name="code"
        value={code}
        onInput={setCode}
        inputRef={input}
        disabled={locked}
      />
      <ErrorNotice error={error ?? props.newCodeError} />
      <div class="actions">
        <button type="submit" disabled={busy || locked}>
          Confirm request
        </button>
        <button
          type="button"
          class="secondary"
          disabled={props.newCodeBusy}
          onClick={() => {
            setError(null);
            void props.onNewCode();
          }}
        >
          Email me a new code
        </button>
        <button type="button" class="link-button" onClick={props.onChangeRequest}>
          Change the request
        </button>
      </div>
      <p class="hint">
        A new code sends the request again; the first one then lapses without being acted on.
      </p>
    </form>
  );
}
