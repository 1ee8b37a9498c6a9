import type { App } from 'aws-cdk-lib';
import { LOG_LEVELS, type LogLevel } from '../adapters/telemetry';
import { environmentReader, type Environment } from '../lib/environment';

/** What `cdk synth` / `cdk deploy` is told about the deployment. */
export interface CdkSettings {
  /** The verified SES identity mail is sent from. */
  mailFrom: string;
  /** The functions' POWERTOOLS_LOG_LEVEL. */
  logLevel: LogLevel;
  /** The user pool domain's prefix (its /oauth2/token endpoint); the stack picks one when absent. */
  authDomainPrefix?: string;
  /** Who is mailed when an alarm goes off; nobody (the topic only) when absent. */
  alarmEmail?: string;
}

/** Cognito's rule for a domain prefix: lower-case letters, digits and inner hyphens, at most 63. */
const DOMAIN_PREFIX = /^(?!.*(?:aws|amazon|cognito))[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Reads `-c mailFrom=…` (else PRIVACY_OPS_MAIL_FROM), `-c logLevel=…` (else
 * POWERTOOLS_LOG_LEVEL), `-c authDomainPrefix=…` (else
 * PRIVACY_OPS_AUTH_DOMAIN_PREFIX) and `-c alarmEmail=…` (else
 * PRIVACY_OPS_ALARM_EMAIL) once, checked like the functions' own settings.
 */
export function cdkSettings(app: App, env: Environment = process.env): CdkSettings {
  const given: Record<string, string | undefined> = {};
  const setting = (contextKey: string, variable: string): string => {
    const fromContext: unknown = app.node.tryGetContext(contextKey);
    const name = fromContext === undefined ? variable : `${contextKey} (CDK context)`;
    given[name] = fromContext === undefined ? env[variable] : String(fromContext);
    return name;
  };
  const mailFrom = setting('mailFrom', 'PRIVACY_OPS_MAIL_FROM');
  const logLevel = setting('logLevel', 'POWERTOOLS_LOG_LEVEL');
  const authDomainPrefix = setting('authDomainPrefix', 'PRIVACY_OPS_AUTH_DOMAIN_PREFIX');
  const alarmEmail = setting('alarmEmail', 'PRIVACY_OPS_ALARM_EMAIL');
  const read = environmentReader(given);
  return {
    mailFrom: read.mailbox(mailFrom) ?? 'privacy@example.org',
    logLevel: read.oneOf(logLevel, LOG_LEVELS) ?? 'INFO',
    authDomainPrefix: read.matching(
      authDomainPrefix,
      DOMAIN_PREFIX,
      'a Cognito domain prefix: 1 to 63 lower-case letters, digits and inner hyphens, without "aws", "amazon" or "cognito"',
    ),
    alarmEmail: read.email(alarmEmail),
  };
}
