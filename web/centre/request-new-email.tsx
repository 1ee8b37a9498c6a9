import { useRef, useState } from 'preact/hooks';
import { graphql } from '../gql';
import type { RequestShownFragment } from '../gql/graphql';
import { describeError, request } from '../shared/api';
import { CodeField, ErrorNotice, StatusNotice } from '../shared/components';

const ProveNewEmail = graphql(`
  mutation ProveNewEmail($id: ID!, $code: String!) {
    verifySubjectRequest(id: $id, code: $code) {
      ...RequestShown
    }
  }
`);

interface NewEmailProofProps {
  shown: RequestShownFragment;
  /** The address the correction asks for, when this tab made the request. */
  newAddress: string | null;
  onProven: (proven: RequestShownFragment) => void;
}

/** A correction of the email address: the code mailed to the new address proves it is the person's. */
export function NewEmailProof({ shown, newAddress, onProven }: NewEmailProofProps) {
  if (shown.newEmailProven === true) {
    return (
      <StatusNotice>
        {shown.status === 'COMPLETED'
          ? 'Your new email address is confirmed, and it is now the one we use.'
          : 'Your new email address is confirmed. We will use it once your request is completed.'}
      </StatusNotice>
    );
  }
  if (shown.newEmailProven !== false) return null;
  return (
    <NewEmailCodeForm
      requestId={shown.id}
      heading="Confirm your new email address"
      explanation={`Enter the code we mailed to ${newAddress ?? 'your new address'}. Until then we keep the address we have.`}
      onProven={onProven}
    />
  );
}

/**
 * For a visitor who cannot see the request, such as one who followed the link
 * in the mail to the new address: the code alone proves it, whatever the session.
 */
export function NewEmailProofUnseen({
  requestId,
  onProven,
}: {
  requestId: string;
  onProven: (proven: RequestShownFragment) => void;
}) {
  return (
    <NewEmailCodeForm
      requestId={requestId}
      heading="Changing your email address?"
      explanation="If this request changes your email address, enter the code we mailed to your new address."
      onProven={onProven}
    />
  );
}

interface NewEmailCodeFormProps {
  requestId: string;
  heading: string;
  explanation: string;
  onProven: (proven: RequestShownFragment) => void;
}

function NewEmailCodeForm({ requestId, heading, explanation, onProven }: NewEmailCodeFormProps) {
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const prove = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await request(ProveNewEmail, { id: requestId, code: code.trim() });
      onProven(answer.verifySubjectRequest);
    } catch (failure) {
      setError(describeError(failure));
      input.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="new-email-heading">
      <h2 id="new-email-heading">{heading}</h2>
      <form onSubmit={(event) => void prove(event)}>
        <p>{explanation}</p>
        <CodeField
          label="Code sent to your new address"
          hint="The code on the line that starts “Code:” in the email “Confirm your new email address”."
          name="new-email-code"
          value={code}
          onInput={setCode}
          inputRef={input}
        />
        <ErrorNotice error={error} />
        <div class="actions">
          <button type="submit" disabled={busy}>
            Confirm new address
          </button>
        </div>
      </form>
    </section>
  );
}
