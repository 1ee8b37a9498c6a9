/**
 * Cognito tokens on AWS, through the Lambda handler: a partner system's
 * client-credentials token is the partner its app client is recorded on
 * (`npm run partner-client`), and nobody otherwise. The tokens are signed
 * here with a key whose JWKS the verifier is given, shaped as the user pool
 * issues them.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload, type KeyLike } from 'jose';
import { recordPartnerClient } from '../../domain/partners';
import { createGraphqlHandler } from '../../lambdas/graphql';
import { createLogger } from '../../adapters/telemetry';
import { createApi } from '../../resolvers/context';
import {
  createEventFixture,
  createPartner,
  recordSharing,
  registerPerson,
  unique,
} from '../support/factories';
import { ADMIN, startTestServer, type TestServer } from '../support/harness';
import { httpApiEvent } from '../support/lambda-events';
import { TEST_SIGN_IN_ISSUER, testSigningKey } from '../support/signing-keys';

const USER_POOL_ID = 'eu-west-1_TestPool1';
const ISSUER = `https://cognito-idp.eu-west-1.amazonaws.com/${USER_POOL_ID}`;
const WEB_CLIENT = 'web-client-id';
const KEY_ID = 'test-key';

interface SigningKey {
  privateKey: KeyLike;
  jwks: Jwks;
}

async function signingKey(): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: KEY_ID, alg: 'RS256', use: 'sig' };
  return { privateKey, jwks: { keys: [jwk] } as Jwks };
}

interface TokenOptions {
  key?: SigningKey;
  issuer?: string;
  expiresIn?: string;
}

let server: TestServer;
let poolKey: SigningKey;
let handle: ReturnType<typeof createGraphqlHandler>;

async function sign(claims: JWTPayload, options: TokenOptions = {}): Promise<string> {
  return new SignJWT({ ...claims, jti: randomUUID() })
    .setProtectedHeader({ alg: 'RS256', kid: KEY_ID })
    .setIssuer(options.issuer ?? ISSUER)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '1h')
    .sign((options.key ?? poolKey).privateKey);
}

/** What the pool's /oauth2/token endpoint gives a partner system's app client. */
function clientCredentialsToken(clientId: string, options: TokenOptions & { scope?: string } = {}) {
  return sign(
    {
      sub: clientId,
      client_id: clientId,
      token_use: 'access',
      scope: options.scope ?? 'privacy-ops/read',
      version: 2,
    },
    options,
  );
}

/** What the web client is given when an admin signs in. */
function adminIdToken(audience = WEB_CLIENT) {
  return sign({
    sub: randomUUID(),
    aud: audience,
    token_use: 'id',
    'cognito:groups': ['admin'],
    'cognito:username': 'editor',
    email: 'editor@example.org',
    email_verified: true,
  });
}

const SHARED = `{ sharingRecords(first: 100) { nodes { partner { id } } } }`;

async function call(token: string) {
  const result = (await handle(
    httpApiEvent(JSON.stringify({ query: SHARED }), {
      headers: { authorization: `Bearer ${token}` },
    }),
    {} as Context,
    () => undefined,
  )) as APIGatewayProxyStructuredResultV2;
  return JSON.parse(result.body ?? '') as {
    data?: { sharingRecords: { nodes: { partner: { id: string } }[] } } | null;
    errors?: { extensions: { code: string } }[];
  };
}

function codesOf(answer: Awaited<ReturnType<typeof call>>) {
  return (answer.errors ?? []).map((error) => error.extensions.code);
}

/** A partner that received one person's data, and another that received theirs too. */
async function twoRecipients() {
  const fixture = await createEventFixture(server);
  const { email } = await registerPerson(server, fixture);
  const other = await createPartner(server);
  await recordSharing(server, fixture.cosponsor.id, email);
  await recordSharing(server, other.id, email);
  return { partnerId: fixture.cosponsor.id, otherId: other.id };
}

beforeAll(async () => {
  server = await startTestServer();
  poolKey = await signingKey();
  handle = createGraphqlHandler(
    createApi({
      db: server.db,
      tokens: {
        kind: 'cognito',
        userPoolId: USER_POOL_ID,
        clientIds: [WEB_CLIENT],
        jwks: poolKey.jwks,
        signIn: { issuer: TEST_SIGN_IN_ISSUER, key: testSigningKey() },
      },
      logger: createLogger('SILENT'),
    }),
  );
});
afterAll(() => server.close());

describe('a partner system signing in with client credentials', () => {
  it('is the partner its app client is recorded on, and reads only that partner’s sharing records', async () => {
    const { partnerId } = await twoRecipients();
    const clientId = unique('client');
    await recordPartnerClient(server.services, ADMIN, partnerId, clientId);

    const answer = await call(await clientCredentialsToken(clientId));
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.sharingRecords.nodes).toEqual([{ partner: { id: partnerId } }]);
  });

  it('is UNAUTHENTICATED when its app client is recorded on no partner', async () => {
    await twoRecipients();
    expect(codesOf(await call(await clientCredentialsToken(unique('client'))))).toEqual([
      'UNAUTHENTICATED',
    ]);
  });

  it('is UNAUTHENTICATED once its partner’s client is replaced, while the new client reads', async () => {
    const { partnerId } = await twoRecipients();
    const [old, replacement] = [unique('client'), unique('client')];
    await recordPartnerClient(server.services, ADMIN, partnerId, old);
    const replaced = await recordPartnerClient(server.services, ADMIN, partnerId, replacement);
    expect(replaced).toEqual({ replaced: old });

    expect(codesOf(await call(await clientCredentialsToken(old)))).toEqual(['UNAUTHENTICATED']);
    const answer = await call(await clientCredentialsToken(replacement));
    expect(answer.data?.sharingRecords.nodes).toEqual([{ partner: { id: partnerId } }]);
  });

  it.each<[string, (clientId: string) => Promise<string>]>([
    [
      'signed with another key',
      async (id) => clientCredentialsToken(id, { key: await signingKey() }),
    ],
    [
      'issued by another user pool',
      (id) =>
        clientCredentialsToken(id, {
          issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_OtherPool',
        }),
    ],
    ['expired', (id) => clientCredentialsToken(id, { expiresIn: '-1m' })],
    ['without the read scope', (id) => clientCredentialsToken(id, { scope: 'other/write' })],
  ])('is UNAUTHENTICATED with a recorded client’s token %s', async (_case, token) => {
    const { partnerId } = await twoRecipients();
    const clientId = unique('client');
    await recordPartnerClient(server.services, ADMIN, partnerId, clientId);
    expect(codesOf(await call(await token(clientId)))).toEqual(['UNAUTHENTICATED']);
  });

  it('cannot record a client on a partner that does not exist, nor one client on two partners', async () => {
    const { partnerId, otherId } = await twoRecipients();
    const clientId = unique('client');
    await expect(
      recordPartnerClient(server.services, ADMIN, unique('nobody'), clientId),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await recordPartnerClient(server.services, ADMIN, partnerId, clientId);
    await expect(
      recordPartnerClient(server.services, ADMIN, otherId, clientId),
    ).rejects.toMatchObject({ code: 'CONFLICT' });

    const answer = await call(await clientCredentialsToken(clientId));
    expect(answer.data?.sharingRecords.nodes).toEqual([{ partner: { id: partnerId } }]);
  });
});

describe('people and admins on AWS', () => {
  it('reads an admin’s ID token of the web client as ADMIN', async () => {
    const { partnerId, otherId } = await twoRecipients();
    const answer = await call(await adminIdToken());
    expect(answer.errors).toBeUndefined();
    const seen = answer.data?.sharingRecords.nodes.map((node) => node.partner.id);
    expect(seen).toEqual(expect.arrayContaining([partnerId, otherId]));
  });

  it('refuses an ID token made for another app client, even a recorded partner’s', async () => {
    const { partnerId } = await twoRecipients();
    const clientId = unique('client');
    await recordPartnerClient(server.services, ADMIN, partnerId, clientId);
    expect(codesOf(await call(await adminIdToken(clientId)))).toEqual(['UNAUTHENTICATED']);
  });
});
