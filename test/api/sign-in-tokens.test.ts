/**
 * The API's own sign-in tokens on AWS, through the Lambda handler as the
 * stack deploys it: Cognito tokens beside RS256 sign-in tokens of the API's
 * own issuer, signed by a key behind the interface the KMS key implements
 * (an RSA key in memory here: only the KMS client itself is not exercised).
 */
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose';
import { rs256SignInTokens, type RsaSigningKey } from '../../adapters/sign-in-tokens';
import { createGraphqlHandler } from '../../lambdas/graphql';
import {
  createAuthenticator,
  createSignInTokens,
  type TokenSettings,
} from '../../resolvers/authenticate';
import {
  createEventFixture,
  dataOf,
  personToken,
  registerPerson,
  uniqueEmail,
} from '../support/factories';
import {
  codes,
  startTestServer,
  waitForMail,
  type GraphqlResponse,
  type TestServer,
} from '../support/harness';
import { httpApiEvent } from '../support/lambda-events';
import { TEST_SIGN_IN_ISSUER, testSigningKey } from '../support/signing-keys';

const HOUR = 3_600_000;
const ME = `{ me { email registrations { id } } }`;

let server: TestServer;
let key: RsaSigningKey;
let publicKeyReads = 0;
let handler: ReturnType<typeof createGraphqlHandler>;

beforeAll(async () => {
  server = await startTestServer({ stream: true });
  const signing = testSigningKey('sign-in-key-1');
  key = {
    keyId: signing.keyId,
    sign: (message) => signing.sign(message),
    publicKey: () => {
      publicKeyReads += 1;
      return signing.publicKey();
    },
  };
  const pool = await generateKeyPair('RS256', { extractable: true });
  const tokens: TokenSettings = {
    kind: 'cognito',
    userPoolId: 'eu-west-1_TestPool1',
    clientIds: ['web-client-id'],
    jwks: {
      keys: [{ ...(await exportJWK(pool.publicKey)), kid: 'pool', alg: 'RS256', use: 'sig' }],
    },
    signIn: { issuer: TEST_SIGN_IN_ISSUER, key },
  };
  handler = createGraphqlHandler({
    ...server.api,
    authenticate: createAuthenticator(tokens, server.api.services),
    signInTokens: createSignInTokens(tokens, server.api.services.now),
  });
});
afterAll(() => server.close());

async function send(
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GraphqlResponse & { status: number }> {
  const result = (await handler(
    httpApiEvent(JSON.stringify({ query, variables }), {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    }),
    {} as Context,
    () => undefined,
  )) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode ?? 200, ...JSON.parse(result.body ?? '{}') };
}

/** Signs in through the handler with the code mailed to the address. */
async function signedIn(email: string): Promise<string> {
  dataOf(
    await send(`mutation ($email: EmailAddress!) { requestSignInCode(email: $email) }`, { email }),
  );
  const mail = await waitForMail(
    server.mailDir,
    (m) => m.topic === 'subject.sign_in' && m.to.includes(email),
  );
  const code = /^Code: (\d{6})$/m.exec(mail.raw)?.[1] ?? '';
  const answer = await send(
    `mutation ($email: EmailAddress!, $code: String!) { signIn(email: $email, code: $code) { token } }`,
    { email, code },
  );
  return (dataOf(answer) as { signIn: { token: string } }).signIn.token;
}

function expectRefused(answer: GraphqlResponse & { status: number }) {
  expect({ status: answer.status, codes: codes(answer), data: answer.data ?? null }).toEqual({
    status: 401,
    codes: ['UNAUTHENTICATED'],
    data: null,
  });
}

describe('the API’s own sign-in tokens on AWS', () => {
  it('signs a person in with an RS256 token of the API’s issuer and the key’s id, taken as that person', async () => {
    const fixture = await createEventFixture(server);
    const { email, registrationId } = await registerPerson(server, fixture);
    const token = await signedIn(email);

    expect(decodeProtectedHeader(token)).toEqual({
      alg: 'RS256',
      typ: 'JWT',
      kid: 'sign-in-key-1',
    });
    expect(decodeJwt(token)).toMatchObject({
      iss: TEST_SIGN_IN_ISSUER,
      email,
      email_verified: true,
    });
    expect(dataOf(await send(ME, {}, token)).me).toEqual({
      email,
      registrations: [{ id: registrationId }],
    });
  });

  it('reads the key’s public half once for the instance, not once a token', async () => {
    for (const email of [uniqueEmail('repeat'), uniqueEmail('again')]) {
      const token = await signedIn(email);
      for (let i = 0; i < 3; i += 1) dataOf(await send(ME, {}, token));
    }
    expect(publicKeyReads).toBe(1);
  });

  it('refuses a local HS256 token under the local key', async () => {
    expectRefused(await send(ME, {}, await personToken(uniqueEmail('local'))));
  });

  it('refuses a token of its issuer signed by another key', async () => {
    const forger = rs256SignInTokens(
      testSigningKey('sign-in-key-1'),
      TEST_SIGN_IN_ISSUER,
      () => new Date(),
    );
    expectRefused(await send(ME, {}, (await forger.issue(uniqueEmail('forged'))).token));
  });

  it('refuses one of its tokens once expired', async () => {
    const twoHoursAgo = rs256SignInTokens(
      key,
      TEST_SIGN_IN_ISSUER,
      () => new Date(Date.now() - 2 * HOUR),
    );
    expectRefused(await send(ME, {}, (await twoHoursAgo.issue(uniqueEmail('stale'))).token));
  });

  it('takes a token signed by its key as a person only, whatever groups it claims', async () => {
    const header = { alg: 'RS256', typ: 'JWT', kid: key.keyId };
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      sub: 'someone',
      'cognito:groups': ['admin'],
      iss: TEST_SIGN_IN_ISSUER,
      iat: now,
      exp: now + 600,
    };
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const input = `${part(header)}.${part(claims)}`;
    const signature = Buffer.from(await key.sign(new TextEncoder().encode(input)));
    const answer = await send(
      `{ partners { id } }`,
      {},
      `${input}.${signature.toString('base64url')}`,
    );
    expect({ status: answer.status, codes: codes(answer) }).toEqual({
      status: 200,
      codes: ['FORBIDDEN'],
    });
  });
});
