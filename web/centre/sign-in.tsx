import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { graphql } from '../gql';
import { ApiError, describeError, request } from '../shared/api';
import { CodeField, ErrorNotice, Field, PageHeading, StatusNotice } from '../shared/components';
import { useAction } from '../shared/hooks';
import { navigate, routeHref } from '../shared/router';
import { storedToken } from '../shared/session';
import { useSubjectSession } from './session';

const RequestSignInCode = graphql(`
  mutation RequestSignInCode($email: EmailAddress!) {
    requestSignInCode(email: $email)
  }
`);

const SignIn = graphql(`
  mutation SignIn($email: EmailAddress!, $code: String!) {
    signIn(email: $email, code: $code) {
      token
      expiresAt
    }
  }
`);

/** Where sign-in leads: the view that sent the person here, else My privacy. Never in the URL. */
let returnPath = '/my';

/** A link to sign in that comes back to `returnTo` once the person is signed in. */
export function SignInLink({
  returnTo,
  children,
}: {
  returnTo: string;
  children: ComponentChildren;
}) {
  return (
    <a
      href={routeHref('/sign-in')}
      onClick={() => {
        returnPath = returnTo;
      }}
    >
      {children}
    </a>
  );
}

/** What to say when a code is refused: the API's words, and what the person can do next. */
function describeCodeError(error: unknown): string {
  const said = describeError(error);
  if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') {
    return `${said} Check the code in the latest email and try again, or ask for a new code.`;
  }
  return said;
}

export function SignInPage() {
  const session = useSubjectSession();
  const [email, setEmail] = useState('');
  const [code, setCode] = useState('');
  const [codeSentTo, setCodeSentTo] = useState<string | null>(null);
  const [codeError, setCodeError] = useState<string | null>(null);
  const codeInput = useRef<HTMLInputElement>(null);
  const sendCode = useAction((address: string) => request(RequestSignInCode, { email: address }));
  const [signingIn, setSigningIn] = useState(false);
  const [signingInAgain, setSigningInAgain] = useState(false);
  const [codesSent, setCodesSent] = useState(0);

  useEffect(() => {
    if (codeSentTo) codeInput.current?.focus();
  }, [codeSentTo]);

  // A token past its expiry is forgotten by storedToken; one the API refused may be replaced.
  if (session.token && storedToken('subject') && !signingInAgain) {
    return (
      <>
        <PageHeading>Sign in</PageHeading>
        <p>
          You are signed in. <a href={routeHref('/my')}>Go to My privacy</a>.
        </p>
        <div class="actions">
          <button type="button" class="secondary" onClick={() => setSigningInAgain(true)}>
            Sign in again or with another address
          </button>
        </div>
      </>
    );
  }

  const requestCode = async (address: string) => {
    setCodeError(null);
    if ((await sendCode.run(address)) !== null) {
      setCode('');
      setCodeSentTo(address);
      setCodesSent((count) => count + 1);
    }
  };

  const submitEmail = (event: Event) => {
    event.preventDefault();
    void requestCode(email.trim());
  };

  const submitCode = async (event: Event) => {
    event.preventDefault();
    if (!codeSentTo || signingIn) return;
    setCodeError(null);
    setSigningIn(true);
    try {
      const answer = await request(SignIn, { email: codeSentTo, code: code.trim() });
      session.signedIn({ token: answer.signIn.token, expiresAt: answer.signIn.expiresAt });
      const next = returnPath;
      returnPath = '/my';
      navigate(next);
    } catch (error) {
      setCodeError(describeCodeError(error));
      codeInput.current?.focus();
    } finally {
      setSigningIn(false);
    }
  };

  return (
    <>
      <PageHeading>Sign in</PageHeading>
      <p>
        Sign in to see and change your consents, your event registrations, who received your data
        and your requests. We email you a one-time code: there is no password.
      </p>
      {codeSentTo === null ? (
        <form onSubmit={submitEmail}>
          <Field label="Email address" hint="The address you gave us. We send the code there.">
            {(attributes) => (
              <input
                {...attributes}
                type="email"
                name="email"
                autocomplete="email"
                required
                value={email}
                onInput={(event) => setEmail(event.currentTarget.value)}
              />
            )}
          </Field>
          <ErrorNotice error={sendCode.error} />
          <div class="actions">
            <button type="submit" disabled={sendCode.busy}>
              {sendCode.busy ? 'Sending…' : 'Email me a code'}
            </button>
          </div>
        </form>
      ) : (
        <form onSubmit={(event) => void submitCode(event)}>
          <StatusNotice>
            We emailed {codesSent > 1 ? 'a new code' : 'a code'} to {codeSentTo}. It can take a
            minute to arrive, and works once.
          </StatusNotice>
          <CodeField
            label="Code from the email"
            hint="The code on the line that starts “Code:”."
            name="code"
            value={code}
            onInput={setCode}
            inputRef={codeInput}
          />
          <ErrorNotice error={codeError ?? sendCode.error} />
          <div class="actions">
            <button type="submit" disabled={signingIn}>
              Sign in
            </button>
            <button
              type="button"
              class="secondary"
              disabled={sendCode.busy}
              onClick={() => void requestCode(codeSentTo)}
            >
              Email me a new code
            </button>
            <button
              type="button"
              class="link-button"
              onClick={() => {
                setCodeSentTo(null);
                setCodesSent(0);
                setCodeError(null);
                sendCode.clearError();
              }}
            >
              Use another address
            </button>
          </div>
        </form>
      )}
    </>
  );
}
