import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache, type Jwks } from 'aws-jwt-verify/jwk';
import { jwtVerify, type JWTPayload } from 'jose';
import type { Caller } from '../domain/caller';
import { PUBLIC_CALLER } from '../domain/caller';
import { UnauthenticatedError } from '../domain/errors';

/** How tokens are checked: HS256 with the local secret, or the stack's Cognito user pool. */
export type TokenSettings =
  | { kind: 'local'; secret: string }
  | {
      kind: 'cognito';
      userPoolId: string;
      clientIds: string[];
      /** The pool's signing keys, trusted instead of fetching them from the pool (tests sign their own). */
      keys?: Jwks;
    };

/** Turns the Authorization header into the caller; no header is PUBLIC. */
export type Authenticator = (authorization: string | undefined) => Promise<Caller>;

export const LOCAL_ISSUER = 'privacy-ops-local';

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

export function createAuthenticator(settings: TokenSettings): Authenticator {
  const verify =
    settings.kind === 'local' ? localVerifier(settings.secret) : cognitoVerifier(settings);
  return async (authorization) => {
    const token = bearerToken(authorization);
    if (token === null) return PUBLIC_CALLER;
    let claims: Claims;
    try {
      claims = await verify(token);
    } catch {
      throw new UnauthenticatedError(
        'The token is expired, malformed or not signed by this service',
      );
    }
    return callerFromClaims(claims);
  };
}

function localVerifier(secret: string): (token: string) => Promise<Claims> {
  const key = new TextEncoder().encode(secret);
  return async (token) => {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      issuer: LOCAL_ISSUER,
      requiredClaims: ['exp', 'sub'],
    });
    return payload;
  };
}

function cognitoVerifier(settings: TokenSettings & { kind: 'cognito' }) {
  const { keys } = settings;
  // ID tokens carry email and custom attributes; partner systems' access tokens carry groups.
  const verifier = CognitoJwtVerifier.create(
    { userPoolId: settings.userPoolId, clientId: settings.clientIds, tokenUse: null },
    keys && { jwksCache: new SimpleJwksCache({ fetcher: { fetch: async () => jsonBytes(keys) } }) },
  );
  return async (token: string): Promise<Claims> => {
    const claims = (await verifier.verify(token)) as Claims;
    // aws-jwt-verify checks exp only when there is one; every token of the pool has one.
    if (typeof claims.exp !== 'number') throw new Error('The token never expires');
    return claims;
  };
}

function jsonBytes(value: Jwks): ArrayBuffer {
  return new TextEncoder().encode(JSON.stringify(value)).buffer as ArrayBuffer;
}
