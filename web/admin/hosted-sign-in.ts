/**
 * The user pool's hosted sign-in (AWS): OAuth 2.0 authorization code with
 * PKCE (RFC 7636, S256). The desk keeps the ID token, which carries
 * `cognito:groups`, as the admin token.
 */
import { encode as base64url } from 'jose/base64url';
import { decodeJwt } from 'jose/jwt/decode';
import type { StoredToken } from '../shared/session';

export interface HostedSignInConfig {
  /** The pool domain, e.g. https://x.auth.eu-west-1.amazoncognito.com */
  domainUrl: string;
  clientId: string;
}

/** What the redirect back must match: kept in sessionStorage between leaving and coming back. */
interface PendingSignIn {
  state: string;
  codeVerifier: string;
  /** The desk's route when sign-in started, to return to. */
  returnTo: string;
}

const PENDING_KEY = 'privacy-ops.admin-sign-in';
const SCOPES = 'openid email profile';

function redirectUri(): string {
  return `${window.location.origin}/admin`;
}

function randomText(bytes: number): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

async function challengeOf(codeVerifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(codeVerifier));
  return base64url(new Uint8Array(digest));
}

/** Leaves for the hosted sign-in page; it comes back to /admin with a code. */
export async function startHostedSignIn(config: HostedSignInConfig): Promise<void> {
  const pending: PendingSignIn = {
    state: randomText(16),
    codeVerifier: randomText(32),
    returnTo: window.location.hash,
  };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const authorize = new URL('/oauth2/authorize', config.domainUrl);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: SCOPES,
    state: pending.state,
    code_challenge: await challengeOf(pending.codeVerifier),
    code_challenge_method: 'S256',
  }).toString();
  window.location.assign(authorize.toString());
}

function takePending(): PendingSignIn | null {
  const raw = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as PendingSignIn;
  } catch {
    return null;
  }
}

/**
 * Drops the code and state from the address bar, back to the route sign-in
 * started from; replaceState fires no hashchange, so the router is told.
 */
function leaveCallback(returnTo: string): void {
  window.history.replaceState(null, '', `/admin${returnTo}`);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

export type HostedCallback =
  | { kind: 'none' }
  | { kind: 'signed-in'; token: StoredToken }
  | { kind: 'failed'; message: string };

interface TokenAnswer {
  id_token?: string;
  expires_in?: number;
  error?: string;
  error_description?: string;
}

/** When the ID token lapses: its `exp`, else the token endpoint's `expires_in`. */
function expiryOf(idToken: string, expiresIn: number | undefined): string | null {
  const { exp } = decodeJwt(idToken);
  if (typeof exp === 'number') return new Date(exp * 1000).toISOString();
  return expiresIn ? new Date(Date.now() + expiresIn * 1000).toISOString() : null;
}

/**
 * On the way back from the hosted sign-in (`/admin?code=…&state=…`): checks
 * the state, trades the code and verifier for tokens, and gives the ID token.
 */
export async function completeHostedSignIn(config: HostedSignInConfig): Promise<HostedCallback> {
  const query = new URLSearchParams(window.location.search);
  const code = query.get('code');
  const error = query.get('error');
  if (!code && !error) return { kind: 'none' };
  const pending = takePending();
  leaveCallback(pending?.returnTo ?? '');
  if (error) {
    return {
      kind: 'failed',
      message: query.get('error_description') ?? `Sign-in failed: ${error}`,
    };
  }
  if (!pending || pending.state !== query.get('state')) {
    return { kind: 'failed', message: 'This sign-in was not started here. Please sign in again.' };
  }
  let answer: TokenAnswer;
  try {
    const response = await fetch(new URL('/oauth2/token', config.domainUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: config.clientId,
        code: code ?? '',
        code_verifier: pending.codeVerifier,
        redirect_uri: redirectUri(),
      }),
    });
    answer = (await response.json()) as TokenAnswer;
  } catch {
    return {
      kind: 'failed',
      message: 'The sign-in service could not be reached. Please try again.',
    };
  }
  if (!answer.id_token) {
    return {
      kind: 'failed',
      message: answer.error_description ?? answer.error ?? 'The sign-in service sent no token.',
    };
  }
  return {
    kind: 'signed-in',
    token: { token: answer.id_token, expiresAt: expiryOf(answer.id_token, answer.expires_in) },
  };
}

/** Ends the hosted session too, so the next sign-in asks again; it comes back to /admin. */
export function hostedSignOut(config: HostedSignInConfig): void {
  const logout = new URL('/logout', config.domainUrl);
  logout.search = new URLSearchParams({
    client_id: config.clientId,
    logout_uri: redirectUri(),
  }).toString();
  window.location.assign(logout.toString());
}
