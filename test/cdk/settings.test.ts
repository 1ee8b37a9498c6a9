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
});
