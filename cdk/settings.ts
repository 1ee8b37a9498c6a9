import type { App } from 'aws-cdk-lib';
import { LOG_LEVELS, type LogLevel } from '../adapters/telemetry';
import { environmentReader, type Environment } from '../lib/environment';

/** What `cdk synth` / `cdk deploy` is told about the deployment. */
export interface CdkSettings {
  /** The verified SES identity mail is sent from. */
  mailFrom: string;
  /** The functions' POWERTOOLS_LOG_LEVEL. */
  logLevel: LogLevel;
}

/**
 * Reads `-c mailFrom=…` (else PRIVACY_OPS_MAIL_FROM) and `-c logLevel=…`
 * (else POWERTOOLS_LOG_LEVEL) once, checked like the functions' own settings.
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
  const read = environmentReader(given);
  return {
    mailFrom: read.mailbox(mailFrom) ?? 'privacy@example.org',
    logLevel: read.oneOf(logLevel, LOG_LEVELS) ?? 'INFO',
  };
}
