import { App } from 'aws-cdk-lib';
import { cdkSettings } from '../../cdk/settings';
import { SettingsError } from '../../lib/environment';

describe('what cdk deploy is told', () => {
  it('takes the token domain’s prefix and the alarm mail from CDK context before the environment', () => {
    const app = new App({ context: { authDomainPrefix: 'acme-privacy' } });
    expect(
      cdkSettings(app, {
        PRIVACY_OPS_AUTH_DOMAIN_PREFIX: 'from-env',
        PRIVACY_OPS_ALARM_EMAIL: 'oncall@example.org',
      }),
    ).toMatchObject({ authDomainPrefix: 'acme-privacy', alarmEmail: 'oncall@example.org' });
    expect(cdkSettings(new App(), {})).toMatchObject({
      authDomainPrefix: undefined,
      alarmEmail: undefined,
    });
  });

  it.each([
    ['upper case', 'Acme'],
    ['a hyphen at the end', 'acme-'],
    ['a word Cognito reserves', 'acme-aws-privacy'],
    ['more than 63 characters', 'a'.repeat(64)],
  ])('refuses a token domain prefix with %s, naming the setting', (_case, prefix) => {
    expect(() => cdkSettings(new App({ context: { authDomainPrefix: prefix } }), {})).toThrow(
      SettingsError,
    );
    expect(() => cdkSettings(new App(), { PRIVACY_OPS_AUTH_DOMAIN_PREFIX: prefix })).toThrow(
      /PRIVACY_OPS_AUTH_DOMAIN_PREFIX/,
    );
  });

  it('refuses an alarm mail that is not an address', () => {
    expect(() => cdkSettings(new App(), { PRIVACY_OPS_ALARM_EMAIL: 'oncall' })).toThrow(
      /PRIVACY_OPS_ALARM_EMAIL/,
    );
  });

  it('limits each client address to 1,000 requests in five minutes unless told otherwise, context first', () => {
    expect(cdkSettings(new App(), {}).webRateLimit).toBe(1_000);
    expect(cdkSettings(new App(), { PRIVACY_OPS_WEB_RATE_LIMIT: '300' }).webRateLimit).toBe(300);
    expect(
      cdkSettings(new App({ context: { webRateLimit: 5_000 } }), {
        PRIVACY_OPS_WEB_RATE_LIMIT: '300',
      }).webRateLimit,
    ).toBe(5_000);
  });

  it.each(['9', '2.5', 'many', '2000000001'])(
    'refuses a rate limit WAF would not take (%s), naming the setting',
    (limit) => {
      expect(() => cdkSettings(new App(), { PRIVACY_OPS_WEB_RATE_LIMIT: limit })).toThrow(
        /PRIVACY_OPS_WEB_RATE_LIMIT must be a whole number from 10 to 2000000000/,
      );
    },
  );

  const CERTIFICATE =
    'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789';

  it('serves the pages on their own host name with its certificate when given both', () => {
    expect(cdkSettings(new App(), {}).webDomain).toBeUndefined();
    expect(
      cdkSettings(new App({ context: { webDomain: 'privacy.example.org' } }), {
        PRIVACY_OPS_WEB_CERTIFICATE_ARN: CERTIFICATE,
      }).webDomain,
    ).toEqual({ name: 'privacy.example.org', certificateArn: CERTIFICATE });
  });

  it.each([
    ['a host name without its certificate', { PRIVACY_OPS_WEB_DOMAIN: 'privacy.example.org' }],
    ['a certificate without its host name', { PRIVACY_OPS_WEB_CERTIFICATE_ARN: CERTIFICATE }],
    [
      'a certificate outside us-east-1',
      {
        PRIVACY_OPS_WEB_DOMAIN: 'privacy.example.org',
        PRIVACY_OPS_WEB_CERTIFICATE_ARN: CERTIFICATE.replace('us-east-1', 'eu-west-1'),
      },
    ],
    [
      'a host name that is not one',
      {
        PRIVACY_OPS_WEB_DOMAIN: 'https://privacy.example.org',
        PRIVACY_OPS_WEB_CERTIFICATE_ARN: CERTIFICATE,
      },
    ],
  ])('refuses %s, naming the setting', (_case, env) => {
    expect(() => cdkSettings(new App(), env)).toThrow(SettingsError);
    expect(() => cdkSettings(new App(), env)).toThrow(/PRIVACY_OPS_WEB_(DOMAIN|CERTIFICATE_ARN)/);
  });
});
