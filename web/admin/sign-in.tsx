import { decodeJwt } from 'jose/jwt/decode';
import { useState } from 'preact/hooks';
import { graphql } from '../gql';
import { request } from '../shared/api';
import { ErrorNotice, Field, PageHeading } from '../shared/components';
import type { AdminSignIn } from '../shared/config';
import { useAction } from '../shared/hooks';
import type { StoredToken } from '../shared/session';
import { startHostedSignIn } from './hosted-sign-in';

/** A harmless ADMIN query: a token it answers for is an admin's. */
const AdminCheck = graphql(`
  query AdminCheck {
    auditLog(first: 1) {
      pageInfo {
        hasNextPage
      }
    }
  }
`);

/** Refuses (throws the API's error) unless the API takes the token as an admin's. */
export async function checkAdminToken(token: string): Promise<void> {
  await request(AdminCheck, {}, token);
}

/** The token's own `exp`, when it is a JWT that has one. */
export function expiryOfToken(token: string): string | null {
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === 'number' ? new Date(exp * 1000).toISOString() : null;
  } catch {
    return null;
  }
}

interface SignInGateProps {
  signIn: AdminSignIn;
  onSignedIn: (token: StoredToken) => void;
  /** Why the admin is here again (a sign-in that ended, a hosted sign-in that failed). */
  reason: string | null;
}

/** The admin desk shows nothing until an admin has signed in. */
export function SignInGate({ signIn, onSignedIn, reason }: SignInGateProps) {
  return (
    <>
      <PageHeading>Sign in to the admin desk</PageHeading>
      <ErrorNotice error={reason} />
      {signIn.kind === 'hosted' ? (
        <HostedSignIn domainUrl={signIn.domainUrl} clientId={signIn.clientId} />
      ) : (
        <TokenSignIn onSignedIn={onSignedIn} />
      )}
    </>
  );
}

function TokenSignIn({ onSignedIn }: { onSignedIn: (token: StoredToken) => void }) {
  const [token, setToken] = useState('');
  const [missing, setMissing] = useState(false);
  const check = useAction(async (pasted: string) => {
    await checkAdminToken(pasted);
    return pasted;
  });
  const submit = async (event: Event) => {
    event.preventDefault();
    const pasted = token.trim();
    setMissing(!pasted);
    if (!pasted) return;
    const accepted = await check.run(pasted);
    if (accepted) onSignedIn({ token: accepted, expiresAt: expiryOfToken(accepted) });
  };
  return (
    <form onSubmit={submit} noValidate>
      <p>Paste an admin token. It is kept in this tab only, until you sign out or close it.</p>
      <Field
        label="Admin token"
        hint="On this machine: the token that npm run token -- admin prints."
      >
        {(attributes) => (
          <input
            {...attributes}
            type="password"
            autoComplete="off"
            spellcheck={false}
            required
            aria-invalid={missing || undefined}
            value={token}
            onInput={(event) => setToken(event.currentTarget.value)}
          />
        )}
      </Field>
      <ErrorNotice error={missing ? 'Paste the admin token first.' : check.error} />
      <div class="actions">
        <button type="submit" disabled={check.busy}>
          {check.busy ? 'Checking…' : 'Sign in'}
        </button>
      </div>
    </form>
  );
}

function HostedSignIn({ domainUrl, clientId }: { domainUrl: string; clientId: string }) {
  const leave = useAction(() => startHostedSignIn({ domainUrl, clientId }));
  return (
    <>
      <p>Admins sign in with their organisation account, on the sign-in page of the user pool.</p>
      <ErrorNotice error={leave.error} />
      <div class="actions">
        <button type="button" disabled={leave.busy} onClick={() => void leave.run()}>
          Sign in
        </button>
      </div>
    </>
  );
}
