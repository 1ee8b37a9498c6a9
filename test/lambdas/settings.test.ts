import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { handler } from '../../lambdas/graphql';
import { SettingsError, type Environment } from '../../lib/environment';
import {
  dueDeliveriesSettings,
  graphqlSettings,
  noticeChangesSettings,
  outboxSettings,
  retentionSettings,
} from '../../lambdas/settings';

/** What the stack gives a deployed function, and what Lambda itself sets. */
const ON_AWS: Environment = {
  AWS_LAMBDA_FUNCTION_NAME: 'PrivacyOps-Graphql',
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
  PRIVACY_OPS_TABLE: 'PrivacyOps-Table-1A2B3C',
  POWERTOOLS_LOG_LEVEL: 'INFO',
};
const GRAPHQL: Environment = {
  ...ON_AWS,
  COGNITO_USER_POOL_ID: 'eu-west-1_AbC123',
  COGNITO_CLIENT_IDS: 'client-one, client-two',
  PRIVACY_OPS_SIGN_IN_ISSUER: 'privacy-ops-sign-in:PrivacyOps',
  PRIVACY_OPS_SIGN_IN_KEY_ID: '1234abcd-12ab-34cd-56ef-1234567890ab',
};
const OUTBOX: Environment = { ...ON_AWS, PRIVACY_OPS_MAIL_FROM: 'Privacy <privacy@example.org>' };
const SECRET = 'a-local-signing-key-of-32-characters';

describe('the Lambda functions’ settings', () => {
  it('reads what a deployed GraphQL function is given', () => {
    expect(graphqlSettings(GRAPHQL)).toEqual({
      onAws: true,
      logLevel: 'INFO',
      db: { table: 'PrivacyOps-Table-1A2B3C', region: 'eu-west-1' },
      controller: expect.objectContaining({
        name: 'Zhejiang Lab',
        country: 'CN',
        policyUrlTemplate: 'http://localhost:4000/notices/{noticeId}/versions/{version}',
      }),
      deadlines: { piplWorkingDays: 15, rollWeekendsForward: false, unverifiedHours: 24 },
      retrySchedule: { baseMs: 2_000, capMs: 3_600_000, windowMs: 86_400_000 },
      tokens: {
        kind: 'cognito',
        userPoolId: 'eu-west-1_AbC123',
        clientIds: ['client-one', 'client-two'],
        signIn: {
          issuer: 'privacy-ops-sign-in:PrivacyOps',
          keyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
        },
      },
      noticeCacheSeconds: 5,
    });
    expect(
      graphqlSettings({ ...GRAPHQL, PRIVACY_OPS_NOTICE_CACHE_SECONDS: '30' }).noticeCacheSeconds,
    ).toBe(30);
  });

  it('reads the controller, deadlines, public URL and log level every function shares', () => {
    const settings = retentionSettings({
      ...ON_AWS,
      POWERTOOLS_LOG_LEVEL: 'debug',
      PRIVACY_OPS_PUBLIC_URL: 'https://privacy.example.org/',
      PRIVACY_OPS_CONTROLLER_NAME: 'Example Ltd',
      PRIVACY_OPS_CONTROLLER_ADDRESS: '1 Example Street, London',
      PRIVACY_OPS_CONTROLLER_EMAIL: 'dpo@example.org',
      PRIVACY_OPS_CONTROLLER_PHONE: '+44 20 7946 0000',
      PRIVACY_OPS_CONTROLLER_URL: 'https://example.org',
      PRIVACY_OPS_CONTROLLER_COUNTRY: 'GB',
      PRIVACY_OPS_PIPL_WORKING_DAYS: '10',
      PRIVACY_OPS_GDPR_ROLL_WEEKENDS: '1',
      PRIVACY_OPS_UNVERIFIED_HOURS: '2',
    });
    expect(settings.logLevel).toBe('DEBUG');
    expect(settings.controller).toEqual({
      name: 'Example Ltd',
      address: '1 Example Street, London',
      email: 'dpo@example.org',
      phone: '+44 20 7946 0000',
      url: 'https://example.org',
      country: 'GB',
      policyUrlTemplate: 'https://privacy.example.org/notices/{noticeId}/versions/{version}',
      consentsUrl: 'https://privacy.example.org/my',
      requestUrlTemplate: 'https://privacy.example.org/#/request/{requestId}',
    });
    expect(settings.deadlines).toEqual({
      piplWorkingDays: 10,
      rollWeekendsForward: true,
      unverifiedHours: 2,
    });
  });

  it('reads the schedule of retries, in seconds, fractions allowed', () => {
    const settings = dueDeliveriesSettings({
      ...OUTBOX,
      PRIVACY_OPS_RETRY_FIRST_SECONDS: '0.1',
      PRIVACY_OPS_RETRY_MAX_WAIT_SECONDS: '0.4',
      PRIVACY_OPS_RETRY_FOR_SECONDS: '5',
    });
    expect(settings.retrySchedule).toEqual({ baseMs: 100, capMs: 400, windowMs: 5_000 });
    expect(settings.mail).toMatchObject({ kind: 'ses' });
  });

  it('sends mail through SES on AWS, and to files off AWS where PRIVACY_OPS_MAIL_DIR says', () => {
    expect(outboxSettings(OUTBOX).mail).toEqual({
      kind: 'ses',
      from: 'Privacy <privacy@example.org>',
    });
    expect(
      outboxSettings({ PRIVACY_OPS_TABLE: 'privacy-ops', PRIVACY_OPS_MAIL_DIR: '/tmp/mail' }).mail,
    ).toEqual({ kind: 'files', dir: '/tmp/mail', from: 'Privacy team <privacy@localhost>' });
  });

  it('checks local signing keys off AWS only, and signs with placeholder keys for a DynamoDB on this machine', () => {
    const settings = graphqlSettings({
      PRIVACY_OPS_TABLE: 'privacy-ops',
      PRIVACY_OPS_JWT_SECRET: SECRET,
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
    });
    expect(settings.onAws).toBe(false);
    expect(settings.tokens).toEqual({ kind: 'local', secret: SECRET });
    expect(settings.db).toEqual({
      table: 'privacy-ops',
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:8000',
      placeholderCredentials: true,
    });
  });

  it('reads for the stream handlers only what they build on', () => {
    expect(noticeChangesSettings(OUTBOX)).not.toHaveProperty('tokens');
    expect(outboxSettings(OUTBOX)).not.toHaveProperty('tokens');
    expect(graphqlSettings(GRAPHQL)).not.toHaveProperty('mail');
  });

  it.each<[string, () => unknown, RegExp]>([
    [
      'a GraphQL function on AWS with a local signing key',
      () => graphqlSettings({ ...GRAPHQL, PRIVACY_OPS_JWT_SECRET: SECRET }),
      /PRIVACY_OPS_JWT_SECRET is set, but a deployed GraphQL function verifies Cognito tokens only/,
    ],
    [
      'a local signing key shorter than HS256 allows',
      () => graphqlSettings({ PRIVACY_OPS_TABLE: 'privacy-ops', PRIVACY_OPS_JWT_SECRET: 'short' }),
      /PRIVACY_OPS_JWT_SECRET must be at least 32 characters/,
    ],
    [
      'a notice cache longer than an hour',
      () => graphqlSettings({ ...GRAPHQL, PRIVACY_OPS_NOTICE_CACHE_SECONDS: '7200' }),
      /PRIVACY_OPS_NOTICE_CACHE_SECONDS must be a whole number from 0 to 3600, not "7200"/,
    ],
    [
      'no table',
      () => graphqlSettings({ ...GRAPHQL, PRIVACY_OPS_TABLE: undefined }),
      /PRIVACY_OPS_TABLE is not set: it must be a DynamoDB table name/,
    ],
    [
      'an empty table name',
      () => retentionSettings({ ...ON_AWS, PRIVACY_OPS_TABLE: '' }),
      /PRIVACY_OPS_TABLE is not set/,
    ],
    [
      'a table name DynamoDB refuses',
      () => retentionSettings({ ...ON_AWS, PRIVACY_OPS_TABLE: 'no spaces' }),
      /PRIVACY_OPS_TABLE must be a DynamoDB table name: 3 to 255 letters, digits, _ \. or -, not "no spaces"/,
    ],
    [
      'no region on AWS',
      () => noticeChangesSettings({ ...ON_AWS, AWS_REGION: undefined }),
      /AWS_REGION is not set/,
    ],
    [
      'no Cognito user pool',
      () => graphqlSettings({ ...GRAPHQL, COGNITO_USER_POOL_ID: undefined }),
      /COGNITO_USER_POOL_ID is not set: it must be the id of the Cognito user pool/,
    ],
    [
      'a malformed Cognito user pool id',
      () => graphqlSettings({ ...GRAPHQL, COGNITO_USER_POOL_ID: 'pool' }),
      /COGNITO_USER_POOL_ID must be a Cognito user pool id such as eu-west-1_AbC123, not "pool"/,
    ],
    [
      'no Cognito client ids',
      () => graphqlSettings({ ...GRAPHQL, COGNITO_CLIENT_IDS: ' , ' }),
      /COGNITO_CLIENT_IDS is not set: it must be the user pool’s app client ids/,
    ],
    [
      'no issuer of the API’s own sign-in tokens',
      () => graphqlSettings({ ...GRAPHQL, PRIVACY_OPS_SIGN_IN_ISSUER: undefined }),
      /PRIVACY_OPS_SIGN_IN_ISSUER is not set: it must be the issuer \(iss\) of the API’s own sign-in tokens/,
    ],
    [
      'the local issuer as the API’s own on AWS',
      () => graphqlSettings({ ...GRAPHQL, PRIVACY_OPS_SIGN_IN_ISSUER: 'privacy-ops-local' }),
      /PRIVACY_OPS_SIGN_IN_ISSUER must name the API itself, not the local issuer/,
    ],
    [
      'a user pool’s issuer as the API’s own',
      () =>
        graphqlSettings({
          ...GRAPHQL,
          PRIVACY_OPS_SIGN_IN_ISSUER:
            'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123',
        }),
      /PRIVACY_OPS_SIGN_IN_ISSUER must name the API itself, not a user pool/,
    ],
    [
      'no sign-in key',
      () => graphqlSettings({ ...GRAPHQL, PRIVACY_OPS_SIGN_IN_KEY_ID: undefined }),
      /PRIVACY_OPS_SIGN_IN_KEY_ID is not set: it must be the KMS key/,
    ],
    [
      'a sign-in key that is no KMS key',
      () => graphqlSettings({ ...GRAPHQL, PRIVACY_OPS_SIGN_IN_KEY_ID: 'my key' }),
      /PRIVACY_OPS_SIGN_IN_KEY_ID must be a KMS key id or ARN, or an alias name or ARN/,
    ],
    [
      'no sender address for SES',
      () => outboxSettings(ON_AWS),
      /PRIVACY_OPS_MAIL_FROM is not set: it must be the SES-verified address/,
    ],
    [
      'a sender that is no address',
      () => outboxSettings({ ...OUTBOX, PRIVACY_OPS_MAIL_FROM: 'privacy team' }),
      /PRIVACY_OPS_MAIL_FROM must be a mail address/,
    ],
    [
      'a mail folder on AWS',
      () => outboxSettings({ ...OUTBOX, PRIVACY_OPS_MAIL_DIR: '/tmp/mail' }),
      /PRIVACY_OPS_MAIL_DIR is set, but a deployed function sends mail through SES/,
    ],
    [
      'PIPL working days that are no whole number',
      () => retentionSettings({ ...ON_AWS, PRIVACY_OPS_PIPL_WORKING_DAYS: '7.5' }),
      /PRIVACY_OPS_PIPL_WORKING_DAYS must be a whole number from 1 to 365, not "7.5"/,
    ],
    [
      'no PIPL working days at all',
      () => retentionSettings({ ...ON_AWS, PRIVACY_OPS_PIPL_WORKING_DAYS: '0' }),
      /PRIVACY_OPS_PIPL_WORKING_DAYS must be a whole number from 1 to 365, not "0"/,
    ],
    [
      'unverified requests kept no time at all',
      () => retentionSettings({ ...ON_AWS, PRIVACY_OPS_UNVERIFIED_HOURS: '0' }),
      /PRIVACY_OPS_UNVERIFIED_HOURS must be a whole number from 1 to 720, not "0"/,
    ],
    [
      'a weekend rule that is neither 1 nor 0',
      () => retentionSettings({ ...ON_AWS, PRIVACY_OPS_GDPR_ROLL_WEEKENDS: 'yes' }),
      /PRIVACY_OPS_GDPR_ROLL_WEEKENDS must be 1 or 0, not "yes"/,
    ],
    [
      'a public URL that does not parse',
      () => retentionSettings({ ...ON_AWS, PRIVACY_OPS_PUBLIC_URL: 'privacy.example.org' }),
      /PRIVACY_OPS_PUBLIC_URL must be an http or https URL, not "privacy.example.org"/,
    ],
    [
      'a policy URL that is not http',
      () =>
        retentionSettings({ ...ON_AWS, PRIVACY_OPS_POLICY_URL: 'ftp://example.org/{noticeId}' }),
      /PRIVACY_OPS_POLICY_URL must be an http or https URL/,
    ],
    [
      'a controller country that is no ISO 3166 code',
      () => retentionSettings({ ...ON_AWS, PRIVACY_OPS_CONTROLLER_COUNTRY: 'China' }),
      /PRIVACY_OPS_CONTROLLER_COUNTRY must be a two-letter ISO 3166 code such as CN, not "China"/,
    ],
    [
      'a controller email that is no address',
      () => retentionSettings({ ...ON_AWS, PRIVACY_OPS_CONTROLLER_EMAIL: 'dpo' }),
      /PRIVACY_OPS_CONTROLLER_EMAIL must be a mail address, not "dpo"/,
    ],
    [
      'an unknown log level',
      () => retentionSettings({ ...ON_AWS, POWERTOOLS_LOG_LEVEL: 'LOUD' }),
      /POWERTOOLS_LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARN, ERROR, SILENT, CRITICAL, not "LOUD"/,
    ],
    [
      'a first retry later than the contract’s 5 s allows',
      () => outboxSettings({ ...OUTBOX, PRIVACY_OPS_RETRY_FIRST_SECONDS: '5' }),
      /PRIVACY_OPS_RETRY_FIRST_SECONDS must be a number above 0 and at most 4, not "5"/,
    ],
    [
      'a wait longer than an hour',
      () => dueDeliveriesSettings({ ...OUTBOX, PRIVACY_OPS_RETRY_MAX_WAIT_SECONDS: '7200' }),
      /PRIVACY_OPS_RETRY_MAX_WAIT_SECONDS must be a number above 0 and at most 3600, not "7200"/,
    ],
    [
      'a longest wait shorter than the first',
      () =>
        dueDeliveriesSettings({
          ...OUTBOX,
          PRIVACY_OPS_RETRY_FIRST_SECONDS: '3',
          PRIVACY_OPS_RETRY_MAX_WAIT_SECONDS: '1',
        }),
      /PRIVACY_OPS_RETRY_MAX_WAIT_SECONDS must be at least the first wait \(3 s\)/,
    ],
    [
      'retries for no time at all',
      () => noticeChangesSettings({ ...OUTBOX, PRIVACY_OPS_RETRY_FOR_SECONDS: '0' }),
      /PRIVACY_OPS_RETRY_FOR_SECONDS must be a number above 0 and at most 2592000, not "0"/,
    ],
    [
      'a DynamoDB endpoint that does not parse',
      () => retentionSettings({ ...ON_AWS, DYNAMODB_ENDPOINT: 'localhost:8000' }),
      /DYNAMODB_ENDPOINT must be an http or https URL, not "localhost:8000"/,
    ],
  ])('refuses %s, naming the variable', (_case, read, message) => {
    expect(read).toThrow(SettingsError);
    expect(read).toThrow(message);
  });
});

describe('the deployed GraphQL function', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('refuses to start with a local signing key in its environment', async () => {
    Object.assign(process.env, GRAPHQL, { PRIVACY_OPS_JWT_SECRET: SECRET });
    await expect(handler({} as APIGatewayProxyEventV2, {} as Context)).rejects.toThrow(
      /PRIVACY_OPS_JWT_SECRET is set, but a deployed GraphQL function/,
    );
  });
});
