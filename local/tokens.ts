import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { assertNever } from '../domain/constants';
import { LOCAL_ISSUER } from '../resolvers/authenticate';

const SECRET_FILE = 'jwt-secret';

/**
 * The HS256 key of local tokens: PRIVACY_OPS_JWT_SECRET if set, else the one
 * kept in the data folder, made on first use.
 */
export function loadOrCreateJwtSecret(dataDir: string, fromEnv: string | null): string {
  if (fromEnv) return fromEnv;
  const file = join(dataDir, SECRET_FILE);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    // 'wx': if another process wrote it first, use theirs.
    try {
      writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
      return secret;
    } catch {
      return readFileSync(file, 'utf8').trim();
    }
  }
}

export type TokenSubject =
  | { role: 'admin'; name?: string }
  | { role: 'partner'; partnerId: string }
  | { role: 'subject'; email: string };

/** A token the local server accepts, with the claims a Cognito token would carry. */
export async function signLocalToken(
  secret: string,
  subject: TokenSubject,
  expiresIn = '12h',
): Promise<string> {
  let claims: Record<string, unknown>;
  let sub: string;
  switch (subject.role) {
    case 'admin':
      sub = subject.name ?? 'admin';
      claims = { 'cognito:groups': ['admin'] };
      break;
    case 'partner':
      sub = `partner:${subject.partnerId}`;
      claims = { 'cognito:groups': ['partner'], 'custom:partnerId': subject.partnerId };
      break;
    case 'subject':
      sub = `subject:${subject.email.toLowerCase()}`;
      claims = { email: subject.email, email_verified: true };
      break;
    default:
      return assertNever(subject);
  }
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(LOCAL_ISSUER)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}
