import { resolve } from 'node:path';
import { SettingsError, type Environment } from '../../lib/environment';
import { readSettings } from '../../local/settings';
import { killStarted, start } from '../support/process';

afterEach(killStarted);

describe('the local runtime’s settings', () => {
  it('has a default for everything', () => {
    const dataDir = resolve('.data');
    expect(readSettings({})).toEqual({
      port: 4000,
      dynamoEndpoint: null,
      table: 'privacy-ops',
      region: 'us-east-1',
      placeholderCredentials: true,
      dataDir,
      inMemory: false,
      seed: true,
      jwtSecret: null,
      mailDir: resolve(dataDir, 'mail'),
      mailFrom: 'Privacy team <privacy@localhost>',
      publicUrl: 'http://localhost:4000',
      controller: expect.objectContaining({
        name: 'Zhejiang Lab',
        policyUrlTemplate: 'http://localhost:4000/notices/{noticeId}/versions/{version}',
      }),
      deadlines: { piplWorkingDays: 15, rollWeekendsForward: false, unverifiedHours: 24 },
      retrySchedule: { baseMs: 2_000, capMs: 3_600_000, windowMs: 86_400_000 },
      retentionIntervalMs: 60_000,
      noticeCacheSeconds: 5,
      logLevel: 'INFO',
    });
  });

  it('reads each one it is given', () => {
    const settings = readSettings({
      PORT: '4100',
      DYNAMODB_ENDPOINT: 'http://localhost:8000/',
      PRIVACY_OPS_TABLE: 'mine',
      PRIVACY_OPS_DATA_DIR: '/tmp/privacy-ops-data',
      PRIVACY_OPS_IN_MEMORY: '1',
      PRIVACY_OPS_SEED: '0',
      PRIVACY_OPS_JWT_SECRET: 'a-local-signing-key-of-32-characters',
      PRIVACY_OPS_MAIL_FROM: 'privacy@example.org',
      PRIVACY_OPS_RETENTION_INTERVAL_SECONDS: '0.5',
      PRIVACY_OPS_NOTICE_CACHE_SECONDS: '0',
      PRIVACY_OPS_CONTROLLER_NAME: 'Example Ltd',
      PRIVACY_OPS_PIPL_WORKING_DAYS: '20',
      PRIVACY_OPS_UNVERIFIED_HOURS: '48',
      POWERTOOLS_LOG_LEVEL: 'warn',
    });
    expect(settings).toMatchObject({
      port: 4100,
      dynamoEndpoint: 'http://localhost:8000',
      table: 'mine',
      placeholderCredentials: true,
      dataDir: '/tmp/privacy-ops-data',
      inMemory: true,
      seed: false,
      jwtSecret: 'a-local-signing-key-of-32-characters',
      mailDir: '/tmp/privacy-ops-data/mail',
      mailFrom: 'privacy@example.org',
      publicUrl: 'http://localhost:4100',
      controller: {
        name: 'Example Ltd',
        policyUrlTemplate: 'http://localhost:4100/notices/{noticeId}/versions/{version}',
      },
      deadlines: { piplWorkingDays: 20, unverifiedHours: 48 },
      retentionIntervalMs: 500,
      noticeCacheSeconds: 0,
      logLevel: 'WARN',
    });
  });

  it.each<[string, boolean, Environment]>([
    ['the embedded DynamoDB', true, {}],
    ['the embedded DynamoDB, with keys in the environment', false, { AWS_ACCESS_KEY_ID: 'AKIA' }],
    ['a DynamoDB on this machine', true, { DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000' }],
    [
      'a DynamoDB elsewhere',
      false,
      { DYNAMODB_ENDPOINT: 'https://dynamodb.eu-west-1.amazonaws.com' },
    ],
  ])('signs for %s with placeholder keys: %s', (_case, placeholder, env) => {
    expect(readSettings(env).placeholderCredentials).toBe(placeholder);
  });

  it.each<[string, Environment, RegExp]>([
    [
      'a port that is no number',
      { PORT: 'http' },
      /PORT must be a whole number from 0 to 65535, not "http"/,
    ],
    ['a port out of range', { PORT: '70000' }, /PORT must be a whole number from 0 to 65535/],
    [
      'an in-memory flag other than 1 or 0',
      { PRIVACY_OPS_IN_MEMORY: 'yes' },
      /PRIVACY_OPS_IN_MEMORY must be 1 or 0, not "yes"/,
    ],
    [
      'a seed flag other than 1 or 0',
      { PRIVACY_OPS_SEED: 'false' },
      /PRIVACY_OPS_SEED must be 1 or 0/,
    ],
    [
      'a retention interval of no time',
      { PRIVACY_OPS_RETENTION_INTERVAL_SECONDS: '0' },
      /PRIVACY_OPS_RETENTION_INTERVAL_SECONDS must be a number above 0/,
    ],
    [
      'a retention interval timers cannot keep',
      { PRIVACY_OPS_RETENTION_INTERVAL_SECONDS: '3000000' },
      /at most 2147483/,
    ],
    [
      'a notice cache of a fraction of a second',
      { PRIVACY_OPS_NOTICE_CACHE_SECONDS: '0.5' },
      /PRIVACY_OPS_NOTICE_CACHE_SECONDS must be a whole number from 0 to 3600, not "0.5"/,
    ],
    [
      'a public URL that does not parse',
      { PRIVACY_OPS_PUBLIC_URL: 'localhost:4000' },
      /PRIVACY_OPS_PUBLIC_URL must be an http or https URL/,
    ],
    [
      'a sender that is no address',
      { PRIVACY_OPS_MAIL_FROM: 'nobody' },
      /PRIVACY_OPS_MAIL_FROM must be a mail address/,
    ],
    [
      'PIPL working days below one',
      { PRIVACY_OPS_PIPL_WORKING_DAYS: '-3' },
      /PRIVACY_OPS_PIPL_WORKING_DAYS must be a whole number from 1 to 365/,
    ],
    [
      'a controller URL that does not parse',
      { PRIVACY_OPS_CONTROLLER_URL: 'example' },
      /PRIVACY_OPS_CONTROLLER_URL must be an http or https URL/,
    ],
  ])('refuses %s, naming the variable', (_case, env, message) => {
    expect(() => readSettings(env)).toThrow(SettingsError);
    expect(() => readSettings(env)).toThrow(message);
  });

  it('stops npm start with the message, before anything starts', async () => {
    const started = start('local/main.ts', { PORT: 'http', PRIVACY_OPS_IN_MEMORY: '1' });
    expect(await started.exited).not.toBe(0);
    expect(started.output()).toContain('PORT must be a whole number from 0 to 65535, not "http"');
  });
});
