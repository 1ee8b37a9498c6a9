import type { App } from 'aws-cdk-lib';
import { LOG_LEVELS, type LogLevel } from '../adapters/telemetry';
import { environmentReader, SettingsError, type Environment } from '../lib/environment';

/** The pages' own host name, served with its certificate instead of CloudFront's `*.cloudfront.net`. */
export interface WebDomain {
  /** e.g. privacy.example.org: a CNAME (or alias) to the distribution is the deployer's to make. */
  name: string;
  /** An ACM certificate for `name`, in us-east-1 as CloudFront requires. */
  certificateArn: string;
}

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
  /** Requests one client address may make in any five minutes, pages and /graphql together, before WAF refuses it. */
  webRateLimit: number;
  /** The pages' own host name; CloudFront's when absent. */
  webDomain?: WebDomain;
}

/** A person's visit makes a few dozen requests; see README, "On AWS". */
export const DEFAULT_WEB_RATE_LIMIT = 1_000;
/** What AWS WAF accepts as a rate-based rule's limit. */
export const WEB_RATE_LIMIT_BOUNDS = { min: 10, max: 2_000_000_000 } as const;

/** Cognito's rule for a domain prefix: lower-case letters, digits and inner hyphens, at most 63. */
const DOMAIN_PREFIX = /^(?!.*(?:aws|amazon|cognito))[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const HOST_NAME =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
const US_EAST_1_CERTIFICATE = /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/;

/**
 * Reads `-c mailFrom=…` (else PRIVACY_OPS_MAIL_FROM), `-c logLevel=…` (else
 * POWERTOOLS_LOG_LEVEL), `-c authDomainPrefix=…` (else
 * PRIVACY_OPS_AUTH_DOMAIN_PREFIX), `-c alarmEmail=…` (else
 * PRIVACY_OPS_ALARM_EMAIL), `-c webRateLimit=…` (else
 * PRIVACY_OPS_WEB_RATE_LIMIT), `-c webDomain=…` and `-c webCertificateArn=…`
 * (else PRIVACY_OPS_WEB_DOMAIN and PRIVACY_OPS_WEB_CERTIFICATE_ARN) once,
 * checked like the functions' own settings.
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
  const webRateLimit = setting('webRateLimit', 'PRIVACY_OPS_WEB_RATE_LIMIT');
  const webDomain = setting('webDomain', 'PRIVACY_OPS_WEB_DOMAIN');
  const webCertificateArn = setting('webCertificateArn', 'PRIVACY_OPS_WEB_CERTIFICATE_ARN');
  const read = environmentReader(given);
  const domainName = read.matching(
    webDomain,
    HOST_NAME,
    'a host name in lower case, such as privacy.example.org',
  );
  const certificateArn = read.matching(
    webCertificateArn,
    US_EAST_1_CERTIFICATE,
    'the ARN of an ACM certificate in us-east-1 (CloudFront takes its certificates from there)',
  );
  if ((domainName === undefined) !== (certificateArn === undefined)) {
    throw new SettingsError(
      `${webDomain} and ${webCertificateArn} go together: the pages' host name and its certificate`,
    );
  }
  return {
    mailFrom: read.mailbox(mailFrom) ?? 'privacy@example.org',
    logLevel: read.oneOf(logLevel, LOG_LEVELS) ?? 'INFO',
    authDomainPrefix: read.matching(
      authDomainPrefix,
      DOMAIN_PREFIX,
      'a Cognito domain prefix: 1 to 63 lower-case letters, digits and inner hyphens, without "aws", "amazon" or "cognito"',
    ),
    alarmEmail: read.email(alarmEmail),
    webRateLimit:
      read.integer(webRateLimit, WEB_RATE_LIMIT_BOUNDS.min, WEB_RATE_LIMIT_BOUNDS.max) ??
      DEFAULT_WEB_RATE_LIMIT,
    webDomain: domainName && certificateArn ? { name: domainName, certificateArn } : undefined,
  };
}
