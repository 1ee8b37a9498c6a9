/**
 * Bad tokens, sent as a caller would send them: to the local server (HS256
 * tokens of the local key) and to the Lambda handler verifying Cognito-style
 * RS256 tokens against a key set the test made. Each is refused as
 * UNAUTHENTICATED, or gives no one's data; none makes an internal error.
 */
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { CompactSign, exportJWK, generateKeyPair, type KeyLike } from 'jose';
import { createGraphqlHandler } from '../../lambdas/graphql';
import { createAuthenticator, LOCAL_ISSUER } from '../../resolvers/authenticate';
import {
  createEventFixture,
  registerPerson,
  submitRequest,
  uniqueEmail,
} from '../support/factories';
import {
  codes,
  startTestServer,
  TEST_SECRET,
  type GraphqlResponse,
  type TestServer,
} from '../support/harness';
import { httpApiEvent } from '../support/lambda-events';
import { TEST_SIGN_IN_ISSUER, testSigningKey } from '../support/signing-keys';

type Claims = Record<string, unknown>;

interface Answer {
  status: number;
  body: GraphqlResponse;
}

/** One way tokens reach the API, and how its issuer signs them. */
interface TokenKit {
  /** The claims of a valid token of this issuer, for the given role's claims. */
  claims(roleClaims: Claims): Claims;
  /** Signs the claims (or a raw payload) with the issuer's algorithm and key, or another key. */
  sign(payload: Claims | string, key?: 'another'): Promise<string>;
  /** Signs with an algorithm the API does not accept for this issuer. */
  signWithAnotherAlgorithm(claims: Claims): Promise<string>;
  anotherIssuer: string;
  send(authorization: string | undefined, query: string, variables?: Claims): Promise<Answer>;
}

const ADMIN_CLAIMS = { sub: 'someone', 'cognito:groups': ['admin'] };
const now = () => Math.floor(Date.now() / 1000);
const part = (text: string) => Buffer.from(text).toString('base64url');
const without = (claims: Claims, name: string) =>
  Object.fromEntries(Object.entries(claims).filter(([key]) => key !== name));

function personClaims(email: string, verified: unknown): Claims {
  return { sub: `person-${email}`, email, email_verified: verified };
}

async function compact(
  payload: Claims | string,
  alg: string,
  key: KeyLike | Uint8Array,
  kid?: string,
) {
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return new CompactSign(new TextEncoder().encode(text))
    .setProtectedHeader({ alg, typ: 'JWT', ...(kid ? { kid } : {}) })
    .sign(key);
}

let server: TestServer;
let kits: Record<'local' | 'cognito', TokenKit>;

function localKit(): TokenKit {
  const secret = new TextEncoder().encode(TEST_SECRET);
  return {
    claims: (roleClaims) => ({ iss: LOCAL_ISSUER, iat: now(), exp: now() + 3600, ...roleClaims }),
    sign: (payload, key) =>
      compact(
        payload,
        'HS256',
        key ? new TextEncoder().encode('another-secret-of-at-least-32-bytes!!') : secret,
      ),
    signWithAnotherAlgorithm: (claims) => compact(claims, 'HS512', secret),
    anotherIssuer: 'someone-else',
    async send(authorization, query, variables) {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(authorization === undefined ? {} : { authorization }),
        },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: (await response.json()) as GraphqlResponse };
    },
  };
}

const USER_POOL = 'eu-west-1_TestPool1';
const POOL_ISSUER = `https://cognito-idp.eu-west-1.amazonaws.com/${USER_POOL}`;
const WEB_CLIENT = 'web-client-id';
const KID = 'pool-key-1';

async function cognitoKit(): Promise<TokenKit> {
  const pool = await generateKeyPair('RS256', { extractable: true });
  const another = await generateKeyPair('RS256');
  const keys: Jwks = {
    keys: [{ ...(await exportJWK(pool.publicKey)), kid: KID, alg: 'RS256', use: 'sig' }],
  };
  const handler = createGraphqlHandler({
    ...server.api,
    authenticate: createAuthenticator(
      {
        kind: 'cognito',
        userPoolId: USER_POOL,
        clientIds: [WEB_CLIENT],
        jwks: keys,
        signIn: { issuer: TEST_SIGN_IN_ISSUER, key: testSigningKey() },
      },
      server.api.services,
    ),
  });
  return {
    // An ID token of the pool's web client, as Cognito issues them.
    claims: (roleClaims) => ({
      iss: POOL_ISSUER,
      aud: WEB_CLIENT,
      token_use: 'id',
      auth_time: now(),
      iat: now(),
      exp: now() + 3600,
      ...roleClaims,
    }),
    sign: (payload, key) =>
      compact(payload, 'RS256', key ? another.privateKey : pool.privateKey, KID),
    // The pool's public key as an HMAC secret: the classic algorithm confusion.
    signWithAnotherAlgorithm: async (claims) =>
      compact(claims, 'HS256', new TextEncoder().encode(JSON.stringify(keys.keys[0])), KID),
    anotherIssuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AnotherPool',
    async send(authorization, query, variables) {
      const event = httpApiEvent(JSON.stringify({ query, variables }), {
        headers: authorization === undefined ? {} : { authorization },
      });
      const result = (await handler(
        event,
        {} as Context,
        () => undefined,
      )) as APIGatewayProxyStructuredResultV2;
      return {
        status: result.statusCode ?? 200,
        body: JSON.parse(result.body ?? '{}') as GraphqlResponse,
      };
    },
  };
}

beforeAll(async () => {
  server = await startTestServer();
  kits = { local: localKit(), cognito: await cognitoKit() };
});
afterAll(() => server.close());

const ADMIN_QUERY = `{ partners { id } }`;

/** Tokens each carrying an admin's claims but for one flaw, for both issuers. */
const FLAWED: [string, (kit: TokenKit) => Promise<string>][] = [
  ['signed with another key', (kit) => kit.sign(kit.claims(ADMIN_CLAIMS), 'another')],
  [
    'signed with an algorithm the issuer does not use',
    (kit) => kit.signWithAnotherAlgorithm(kit.claims(ADMIN_CLAIMS)),
  ],
  [
    'unsigned (alg: none)',
    async (kit) =>
      `${part(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${part(JSON.stringify(kit.claims(ADMIN_CLAIMS)))}.`,
  ],
  ['expired', (kit) => kit.sign({ ...kit.claims(ADMIN_CLAIMS), exp: now() - 60 })],
  [
    'not valid yet (nbf an hour ahead)',
    (kit) => kit.sign({ ...kit.claims(ADMIN_CLAIMS), nbf: now() + 3600 }),
  ],
  ['without iss', (kit) => kit.sign(without(kit.claims(ADMIN_CLAIMS), 'iss'))],
  ['of another issuer', (kit) => kit.sign({ ...kit.claims(ADMIN_CLAIMS), iss: kit.anotherIssuer })],
  ['without sub', (kit) => kit.sign(without(kit.claims(ADMIN_CLAIMS), 'sub'))],
  ['without exp', (kit) => kit.sign(without(kit.claims(ADMIN_CLAIMS), 'exp'))],
  [
    'of the partner group without custom:partnerId',
    (kit) => kit.sign(kit.claims({ sub: 'partner', 'cognito:groups': ['partner'] })),
  ],
  [
    'tampered: a person’s payload made an admin’s, the signature kept',
    async (kit) => {
      const [header, , signature] = (
        await kit.sign(kit.claims(personClaims(uniqueEmail(), true)))
      ).split('.');
      return `${header}.${part(JSON.stringify(kit.claims(ADMIN_CLAIMS)))}.${signature}`;
    },
  ],
  ['malformed: one part', async () => 'eyJhbGciOiJIUzI1NiJ9'],
  [
    'malformed: two parts',
    async (kit) => (await kit.sign(kit.claims(ADMIN_CLAIMS))).split('.').slice(0, 2).join('.'),
  ],
  ['malformed: four parts', async (kit) => `${await kit.sign(kit.claims(ADMIN_CLAIMS))}.e30`],
  ['malformed: not base64url', async () => '%%%.$$$.***'],
  [
    'malformed: not JSON',
    async () => `${part('{"alg":"HS256"')}.${part('{"sub": admin}')}.${part('signature')}`,
  ],
  ['malformed: a signed payload that is not an object', (kit) => kit.sign('"admin"')],
  ['malformed: a signed payload that is a list', (kit) => kit.sign('[{"sub":"admin"}]')],
];

/** Flaws only a Cognito token can have. */
const COGNITO_FLAWED: [string, (kit: TokenKit) => Promise<string>][] = [
  [
    'issued to another app client',
    (kit) => kit.sign({ ...kit.claims(ADMIN_CLAIMS), aud: 'another-client' }),
  ],
  ['without token_use', (kit) => kit.sign(without(kit.claims(ADMIN_CLAIMS), 'token_use'))],
];

function expectRefused(answer: Answer) {
  expect({
    status: answer.status,
    codes: codes(answer.body),
    data: answer.body.data ?? null,
  }).toEqual({
    status: 401,
    codes: ['UNAUTHENTICATED'],
    data: null,
  });
}

describe.each([
  ['the local server, with HS256 tokens of the local key', 'local' as const],
  ['the Lambda handler, with RS256 tokens of a Cognito user pool', 'cognito' as const],
])('%s', (_name, kitName) => {
  const kit = () => kits[kitName];

  it.each(kitName === 'cognito' ? [...FLAWED, ...COGNITO_FLAWED] : FLAWED)(
    'refuses a token %s as UNAUTHENTICATED',
    async (_case, make) => {
      expectRefused(await kit().send(`Bearer ${await make(kit())}`, ADMIN_QUERY));
    },
  );

  it.each<[string, (token: string) => string]>([
    ['Basic credentials', () => `Basic ${Buffer.from('admin:admin').toString('base64')}`],
    ['a valid token under another scheme', (token) => `Token ${token}`],
    ['a valid token without its scheme', (token) => token],
    ['"Bearer" and nothing else', () => 'Bearer'],
  ])('refuses an Authorization header of %s as UNAUTHENTICATED', async (_case, header) => {
    const token = await kit().sign(kit().claims(ADMIN_CLAIMS));
    expectRefused(await kit().send(header(token), ADMIN_QUERY));
  });

  it('refuses a bad token on a public operation too, rather than serve it as PUBLIC', async () => {
    expectRefused(await kit().send('Bearer not.a.token', `{ notices { id } }`));
  });

  describe('a person’s token whose email is not verified', () => {
    const ME = `{ me { id email registrations { id } } }`;
    const REQUEST = `query ($id: ID!) { subjectRequest(id: $id) { id email } }`;

    async function personWithRequest() {
      const fixture = await createEventFixture(server);
      const { email } = await registerPerson(server, fixture);
      const request = await submitRequest(server, 'ACCESS', email);
      return { email, requestId: request.id };
    }

    it.each<[string, unknown]>([
      ['email_verified false', false],
      ['email_verified "false"', 'false'],
      ['no email_verified', undefined],
    ])('with %s finds no one: no me, no request', async (_case, verified) => {
      const { email, requestId } = await personWithRequest();
      // JSON leaves an undefined email_verified out.
      const token = await kit().sign(kit().claims(personClaims(email, verified)));

      const me = await kit().send(`Bearer ${token}`, ME);
      expect({ codes: codes(me.body), me: me.body.data?.me ?? null }).toEqual({
        codes: ['FORBIDDEN'],
        me: null,
      });
      const request = await kit().send(`Bearer ${token}`, REQUEST, { id: requestId });
      expect({ codes: codes(request.body), data: request.body.data }).toEqual({
        codes: [],
        data: { subjectRequest: null },
      });
    });

    it('with email_verified true finds the person, so the refusals above are the flag’s doing', async () => {
      const { email, requestId } = await personWithRequest();
      const token = await kit().sign(kit().claims(personClaims(email, true)));
      const me = await kit().send(`Bearer ${token}`, ME);
      expect(me.body.data?.me).toMatchObject({ email });
      const request = await kit().send(`Bearer ${token}`, REQUEST, { id: requestId });
      expect(request.body.data?.subjectRequest).toEqual({ id: requestId, email });
    });
  });

  it('still serves a valid admin token after all of them, so each refusal was the flaw’s doing', async () => {
    const token = await kit().sign(kit().claims(ADMIN_CLAIMS));
    const answer = await kit().send(`Bearer ${token}`, ADMIN_QUERY);
    expect({ status: answer.status, errors: answer.body.errors }).toEqual({
      status: 200,
      errors: undefined,
    });
  });
});
