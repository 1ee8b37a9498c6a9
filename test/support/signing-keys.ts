import { generateKeyPairSync, sign } from 'node:crypto';
import type { RsaSigningKey } from '../../adapters/sign-in-tokens';

/** The API's own sign-in issuer as a test's stack would name it. */
export const TEST_SIGN_IN_ISSUER = 'privacy-ops-sign-in:test';

/**
 * An RSA key in memory behind the interface the KMS key implements
 * (adapters/sign-in-tokens.ts): RSASSA-PKCS1-v1_5 with SHA-256, the public
 * half as DER SubjectPublicKeyInfo. Only the KMS client is not exercised.
 */
export function testSigningKey(keyId = 'test-key'): RsaSigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    keyId,
    sign: async (message) => sign('sha256', message, privateKey),
    publicKey: async () => publicKey.export({ type: 'spki', format: 'der' }),
  };
}
