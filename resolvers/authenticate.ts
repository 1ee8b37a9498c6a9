import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { decodeJwt, importSPKI, jwtVerify, type JWTPayload, type KeyLike } from 'jose';
import {
  localSignInTokens,
  rs256SignInTokens,
  spkiPem,
  type RsaSigningKey,
} from '../adapters/sign-in-tokens';
import type { Caller } from '../domain/caller';
import { PUBLIC_CALLER } from '../domain/caller';
import { UnauthenticatedError } from '../domain/errors';
import { partnerOfClient } from '../domain/partners';
import type { Services } from '../domain/services';
import type { SignInTokens } from '../domain/sign-in';

/** The API's own issuer of sign-in tokens on AWS, and the KMS key it signs with. */
export interface SignInIssuer {
  issuer: string;
  key: RsaSigningKey;
}

/**
 * How tokens are checked and sign-in tokens made: HS256 with the local
 * secret; or the stack's Cognito user pool, beside the API's own sign-in
 * tokens (RS256 by a KMS key).
 */
export type TokenSettings =
  | { kind: 'local'; secret: string }
  | {
      kind: 'cognito';
      userPoolId: string;
      /** The web app clients: their ID tokens are people, admins and partner staff. */
      clientIds: string[];
      /** The pool's signing keys when known ahead; else fetched from its JWKS URL on first use. */
      jwks?: Jwks;
      signIn: SignInIssuer;
    };

/** Turns the Authorization header into the caller; no header is PUBLIC. */
export type Authenticator = (authorization: string | undefined) => Promise<Caller>;

export const LOCAL_ISSUER = 'privacy-ops-local';

/**
 * The user pool's resource server and the scope a partner system's app
 * client is given: the stack declares them, `npm run partner-client` grants
 * the scope, and a client-credentials token must carry it.
 */
export const PARTNER_SYSTEM_SCOPE = { resourceServer: 'privacy-ops', scope: 'read' } as const;
const READ_SCOPE = `${PARTNER_SYSTEM_SCOPE.resourceServer}/${PARTNER_SYSTEM_SCOPE.scope}`;

type Claims = JWTPayload & Record<string, unknown>;

/** The caller the claims describe (CONTRACT.md, Tokens). */
export function callerFromClaims(claims: Claims): Caller {
  const sub = typeof claims.sub === 'string' && claims.sub ? claims.sub : null;
  if (!sub) throw new UnauthenticatedError('The token names no subject');
  const groups = Array.isArray(claims['cognito:groups']) ? claims['cognito:groups'] : [];
  if (groups.includes('admin')) return { role: 'ADMIN', sub };
  if (groups.includes('partner')) {
    const partnerId = claims['custom:partnerId'];
    if (typeof partnerId !== 'string' || !partnerId) {
      throw new UnauthenticatedError('A partner token must carry custom:partnerId');
    }
    return { role: 'PARTNER', sub, partnerId };
  }
  const verified = claims.email_verified === true || claims.email_verified === 'true';
  const email = verified && typeof claims.email === 'string' ? claims.email.toLowerCase() : null;
  return { role: 'SUBJECT', sub, email };
}

function bearerToken(authorization: string | undefined): string | null {
  if (authorization === undefined || authorization.trim() === '') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match?.[1])
    throw new UnauthenticatedError('The Authorization header must be "Bearer <token>"');
  return match[1];
}

const NOT_OURS = 'The token is expired, malformed or not signed by this service';

/** A token's verification: one whose signature, issuer or expiry fails is UNAUTHENTICATED. */
async function verified<T>(verify: Promise<T>): Promise<T> {
  try {
    return await verify;
  } catch {
    throw new UnauthenticatedError(NOT_OURS);
  }
}

/**
 * `services` reaches the table, where a partner system's app client is
 * looked up; local tokens name their partner themselves.
 */
export function createAuthenticator(settings: TokenSettings, services: Services): Authenticator {
  const callerOf =
    settings.kind === 'local' ? localCaller(settings.secret) : cognitoCaller(settings, services);
  return async (authorization) => {
    const token = bearerToken(authorization);
    return token === null ? PUBLIC_CALLER : callerOf(token);
  };
}

/** Who signs the tokens `signIn` gives: the local key, or the stack's KMS key under the API's own issuer. */
export function createSignInTokens(settings: TokenSettings, now: () => Date): SignInTokens {
  return settings.kind === 'local'
    ? localSignInTokens(settings.secret, LOCAL_ISSUER, now)
    : rs256SignInTokens(settings.signIn.key, settings.signIn.issuer, now);
}

function localCaller(secret: string): (token: string) => Promise<Caller> {
  const key = new TextEncoder().encode(secret);
  return async (token) => {
    const { payload } = await verified(
      jwtVerify(token, key, {
        algorithms: ['HS256'],
        issuer: LOCAL_ISSUER,
        requiredClaims: ['exp', 'sub'],
      }),
    );
    return callerFromClaims(payload);
  };
}

/** The issuer a token names, before anything of it is trusted: it only picks the verifier. */
function claimedIssuer(token: string): string | undefined {
  try {
    return decodeJwt(token).iss;
  } catch {
    return undefined;
  }
}

/**
 * The API's own sign-in tokens: RS256 under the KMS key's public half, read
 * from KMS once per instance. They are people only, whatever else they claim.
 */
function signInCaller({ issuer, key }: SignInIssuer): (token: string) => Promise<Caller> {
  let publicKey: Promise<KeyLike> | undefined;
  const load = () => {
    publicKey ??= key
      .publicKey()
      .then((der) => importSPKI(spkiPem(der), 'RS256'))
      .catch((error: unknown) => {
        // Asked again on the next token rather than failing every one for the instance's life.
        publicKey = undefined;
        throw error;
      });
    return publicKey;
  };
  return async (token) => {
    const { payload } = await verified(
      jwtVerify(token, await load(), {
        algorithms: ['RS256'],
        issuer,
        requiredClaims: ['exp', 'sub'],
      }),
    );
    // Groups are not read: a sign-in token is a person's.
    return callerFromClaims({ ...payload, 'cognito:groups': [] });
  };
}

function includes(value: unknown, wanted: string): boolean {
  return typeof value === 'string' && value.split(' ').includes(wanted);
}

/**
 * The pool signs three kinds of token, told apart after the signature,
 * issuer and expiry are checked (partner systems' clients are created after
 * deployment, so no list of client ids can be given to the verifier):
 * - an ID token of a web client: a person, an admin or partner staff, by its claims;
 * - an access token with a `username`, of a web client: likewise;
 * - a client-credentials access token (no `username`): the PARTNER whose
 *   recorded app client is its `client_id`, if it carries the read scope.
 * Anything else is UNAUTHENTICATED. A token that names the API's own issuer
 * is one of its sign-in tokens, checked against its key instead.
 */
function cognitoCaller(
  settings: Extract<TokenSettings, { kind: 'cognito' }>,
  services: Services,
): (token: string) => Promise<Caller> {
  const verifier = CognitoJwtVerifier.create({
    userPoolId: settings.userPoolId,
    tokenUse: null,
    clientId: null,
  });
  if (settings.jwks) verifier.cacheJwks(settings.jwks);
  const webClients = new Set(settings.clientIds);
  const fromWebClient = (clientId: unknown) =>
    typeof clientId === 'string' && webClients.has(clientId);
  const signedIn = signInCaller(settings.signIn);
  return async (token) => {
    if (claimedIssuer(token) === settings.signIn.issuer) return signedIn(token);
    const claims = (await verified(verifier.verify(token))) as Claims;
    // aws-jwt-verify checks exp only when there is one; every token of the pool has one.
    if (typeof claims.exp !== 'number') throw new UnauthenticatedError(NOT_OURS);
    if (claims.token_use === 'id') {
      if (!fromWebClient(claims.aud)) throw new UnauthenticatedError(NOT_OURS);
      return callerFromClaims(claims);
    }
    if (claims.username !== undefined) {
      if (!fromWebClient(claims.client_id)) throw new UnauthenticatedError(NOT_OURS);
      return callerFromClaims(claims);
    }
    const clientId = claims.client_id;
    if (typeof clientId !== 'string' || !includes(claims.scope, READ_SCOPE)) {
      throw new UnauthenticatedError(NOT_OURS);
    }
    const partnerId = await partnerOfClient(services, clientId);
    if (partnerId === null) {
      throw new UnauthenticatedError('The token’s app client is recorded on no partner');
    }
    return { role: 'PARTNER', sub: clientId, partnerId };
  };
}
