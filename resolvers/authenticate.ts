import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { jwtVerify, type JWTPayload } from 'jose';
import type { Caller } from '../domain/caller';
import { PUBLIC_CALLER } from '../domain/caller';
import { UnauthenticatedError } from '../domain/errors';
import { partnerOfClient } from '../domain/partners';
import type { Services } from '../domain/services';

/** How tokens are checked: HS256 with the local secret, or the stack's Cognito user pool. */
export type TokenSettings =
  | { kind: 'local'; secret: string }
  | {
      kind: 'cognito';
      userPoolId: string;
      /** The web app clients: their ID tokens are people, admins and partner staff. */
      clientIds: string[];
      /** The pool's signing keys when known ahead; else fetched from its JWKS URL on first use. */
      jwks?: Jwks;
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
 * Anything else is UNAUTHENTICATED.
 */
function cognitoCaller(
  settings: { userPoolId: string; clientIds: string[]; jwks?: Jwks },
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
  return async (token) => {
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
