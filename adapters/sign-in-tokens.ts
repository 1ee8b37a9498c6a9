/**
 * The API's own sign-in tokens (domain/sign-in.ts), with the claims a
 * Cognito ID token of a person carries: `sub` (a new opaque id each sign-in,
 * never the address), `email`, `email_verified`, `iss`, `iat`, `exp`.
 * Locally HS256 under the local key, so the local server takes them as any
 * local token; on AWS RS256 by a KMS key, the JWT put together here around
 * KMS's signature, since KMS signs bytes, not tokens.
 */
import { randomUUID, createPublicKey } from 'node:crypto';
import { GetPublicKeyCommand, SignCommand, type KMSClient } from '@aws-sdk/client-kms';
import { SignJWT } from 'jose';
import { SIGN_IN_TOKEN_SECONDS, type SignInResult, type SignInTokens } from '../domain/sign-in';

/** An RSA key that signs with RSASSA-PKCS1-v1_5 and SHA-256 (RS256): KMS on AWS, a key in memory in tests. */
export interface RsaSigningKey {
  /** Named in each token's header as its `kid`. */
  readonly keyId: string;
  sign(message: Uint8Array): Promise<Uint8Array>;
  /** The public half, DER-encoded SubjectPublicKeyInfo, as KMS gives it. */
  publicKey(): Promise<Uint8Array>;
}

interface PersonClaims {
  sub: string;
  email: string;
  email_verified: true;
  iss: string;
  iat: number;
  exp: number;
}

function claimsFor(email: string, issuer: string, now: Date): PersonClaims {
  const iat = Math.floor(now.getTime() / 1000);
  return {
    sub: randomUUID(),
    email,
    email_verified: true,
    iss: issuer,
    iat,
    exp: iat + SIGN_IN_TOKEN_SECONDS,
  };
}

function resultOf(token: string, claims: PersonClaims): SignInResult {
  return { token, expiresAt: new Date(claims.exp * 1000) };
}

/** HS256 under the local key, with the local issuer. */
export function localSignInTokens(secret: string, issuer: string, now: () => Date): SignInTokens {
  const key = new TextEncoder().encode(secret);
  return {
    async issue(email) {
      const claims = claimsFor(email, issuer, now());
      const token = await new SignJWT({ ...claims })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .sign(key);
      return resultOf(token, claims);
    },
  };
}

const base64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');

/** RS256 by `key`, with the API's own issuer: the compact JWS of RFC 7515, made by hand. */
export function rs256SignInTokens(
  key: RsaSigningKey,
  issuer: string,
  now: () => Date,
): SignInTokens {
  return {
    async issue(email) {
      const claims = claimsFor(email, issuer, now());
      const header = { alg: 'RS256', typ: 'JWT', kid: key.keyId };
      const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
      const signature = await key.sign(new TextEncoder().encode(signingInput));
      return resultOf(`${signingInput}.${base64url(signature)}`, claims);
    },
  };
}

/** A KMS asymmetric key (RSA_2048, SIGN_VERIFY): only those granted kms:Sign can sign with it. */
export function kmsSigningKey(client: KMSClient, keyId: string): RsaSigningKey {
  return {
    keyId,
    async sign(message) {
      const { Signature } = await client.send(
        new SignCommand({
          KeyId: keyId,
          Message: message,
          MessageType: 'RAW',
          SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256',
        }),
      );
      if (!Signature) throw new Error('KMS answered Sign without a signature');
      return Signature;
    },
    async publicKey() {
      const { PublicKey } = await client.send(new GetPublicKeyCommand({ KeyId: keyId }));
      if (!PublicKey) throw new Error('KMS answered GetPublicKey without a key');
      return PublicKey;
    },
  };
}

/** The PEM text of a DER SubjectPublicKeyInfo, as jose's importSPKI reads it. */
export function spkiPem(der: Uint8Array): string {
  return createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' })
    .export({ type: 'spki', format: 'pem' })
    .toString();
}
