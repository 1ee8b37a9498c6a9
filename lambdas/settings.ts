/**
 * The Lambda functions' settings: read from the function's environment once,
 * when it starts, and checked, so that a missing or malformed variable stops
 * the function with a message naming it. One reader per function kind, each
 * reading what that function builds: every function its table and the
 * domain's settings (the Services it runs on), the GraphQL function its token
 * check, the functions that send (outbox, notice changes, due deliveries) their mail.
 *
 * The settings the local runtime shares (table, controller, deadlines, retry
 * schedule, mail sender, log level) are read by the readers exported here, which
 * `local/settings.ts` uses too: a variable means the same in both.
 */
import { LOG_LEVELS, type LogLevel } from '../adapters/telemetry';
import type { MailSettings } from '../adapters/mail';
import {
  DEFAULT_CONTROLLER,
  consentsUrlAt,
  requestUrlTemplateAt,
  DEFAULT_PUBLIC_URL,
  policyUrlTemplateAt,
  type Controller,
} from '../domain/controller';
import { DEFAULT_NOTICE_CACHE_SECONDS } from '../domain/notice-cache';
import { DEFAULT_DEADLINES, type DeadlineSettings } from '../domain/requests/deadlines';
import {
  DEFAULT_RETRY_SCHEDULE,
  RETRY_SCHEDULE_LIMITS,
  type RetrySchedule,
} from '../domain/retry-schedule';
import {
  environmentReader,
  required,
  SettingsError,
  type Environment,
  type EnvironmentReader,
} from '../lib/environment';
import { LOCAL_ISSUER, type TokenSettings } from '../resolvers/authenticate';
import { isLoopback, LOCAL_REGION, type DbSettings } from '../store/db';

export const DEFAULT_MAIL_FROM = 'Privacy team <privacy@localhost>';
/** The HS256 minimum (RFC 7518, section 3.2): a key at least as long as the hash. */
export const JWT_SECRET_MIN_LENGTH = 32;

const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const TABLE_NAME_IS = 'a DynamoDB table name: 3 to 255 letters, digits, _ . or -';
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const PHONE = /^\+?[0-9 ().-]{5,30}$/;
const COUNTRY = /^[A-Z]{2}$/;
const USER_POOL_ID = /^[a-z]{2}(-[a-z]+)+-\d+_[0-9A-Za-z]+$/;
/** A KMS key's id or ARN, or an alias's name or ARN. */
const KMS_KEY_ID =
  /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[\w/+=,.@-]+|alias\/[\w/+=,.@-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
const ISSUER = /^\S{1,256}$/;

export function readTableName(read: EnvironmentReader): string | undefined {
  return read.matching('PRIVACY_OPS_TABLE', TABLE_NAME, TABLE_NAME_IS);
}

export function readRegion(read: EnvironmentReader): string | undefined {
  return read.matching('AWS_REGION', REGION, 'an AWS region such as eu-west-1');
}

/** COGNITO_USER_POOL_ID: the GraphQL function's, and `npm run partner-client`'s. */
export function readUserPoolId(read: EnvironmentReader): string | undefined {
  return read.matching(
    'COGNITO_USER_POOL_ID',
    USER_POOL_ID,
    'a Cognito user pool id such as eu-west-1_AbC123',
  );
}

export function readLogLevel(read: EnvironmentReader): LogLevel {
  return read.oneOf('POWERTOOLS_LOG_LEVEL', LOG_LEVELS) ?? 'INFO';
}

export function readMailFrom(read: EnvironmentReader): string | undefined {
  return read.mailbox('PRIVACY_OPS_MAIL_FROM');
}

/** Who answers for the processing; notice versions are read at `publicUrl` unless PRIVACY_OPS_POLICY_URL says where. */
export function readController(read: EnvironmentReader, publicUrl: string): Controller {
  return {
    name: read.text('PRIVACY_OPS_CONTROLLER_NAME') ?? DEFAULT_CONTROLLER.name,
    address: read.text('PRIVACY_OPS_CONTROLLER_ADDRESS') ?? DEFAULT_CONTROLLER.address,
    email: read.email('PRIVACY_OPS_CONTROLLER_EMAIL') ?? DEFAULT_CONTROLLER.email,
    phone:
      read.matching(
        'PRIVACY_OPS_CONTROLLER_PHONE',
        PHONE,
        'a phone number: digits, spaces, + ( ) . -',
      ) ?? DEFAULT_CONTROLLER.phone,
    url: read.url('PRIVACY_OPS_CONTROLLER_URL') ?? DEFAULT_CONTROLLER.url,
    country:
      read.matching(
        'PRIVACY_OPS_CONTROLLER_COUNTRY',
        COUNTRY,
        'a two-letter ISO 3166 code such as CN',
      ) ?? DEFAULT_CONTROLLER.country,
    policyUrlTemplate: read.url('PRIVACY_OPS_POLICY_URL') ?? policyUrlTemplateAt(publicUrl),
    consentsUrl: consentsUrlAt(publicUrl),
    requestUrlTemplate: requestUrlTemplateAt(publicUrl),
  };
}

export function readDeadlines(read: EnvironmentReader): DeadlineSettings {
  return {
    piplWorkingDays:
      read.integer('PRIVACY_OPS_PIPL_WORKING_DAYS', 1, 365) ?? DEFAULT_DEADLINES.piplWorkingDays,
    rollWeekendsForward:
      read.flag('PRIVACY_OPS_GDPR_ROLL_WEEKENDS') ?? DEFAULT_DEADLINES.rollWeekendsForward,
    unverifiedHours:
      read.integer('PRIVACY_OPS_UNVERIFIED_HOURS', 1, 720) ?? DEFAULT_DEADLINES.unverifiedHours,
  };
}

/** When failed deliveries are tried again: whole or fractional seconds, so that tests may run it in seconds. */
export function readRetrySchedule(read: EnvironmentReader): RetrySchedule {
  const seconds = (name: string, max: number, fallbackMs: number) => {
    const value = read.positive(name, max);
    return value === undefined ? fallbackMs : Math.round(value * 1_000);
  };
  const schedule: RetrySchedule = {
    baseMs: seconds(
      'PRIVACY_OPS_RETRY_FIRST_SECONDS',
      RETRY_SCHEDULE_LIMITS.firstSeconds,
      DEFAULT_RETRY_SCHEDULE.baseMs,
    ),
    capMs: seconds(
      'PRIVACY_OPS_RETRY_MAX_WAIT_SECONDS',
      RETRY_SCHEDULE_LIMITS.maxWaitSeconds,
      DEFAULT_RETRY_SCHEDULE.capMs,
    ),
    windowMs: seconds(
      'PRIVACY_OPS_RETRY_FOR_SECONDS',
      RETRY_SCHEDULE_LIMITS.windowSeconds,
      DEFAULT_RETRY_SCHEDULE.windowMs,
    ),
  };
  if (schedule.capMs < schedule.baseMs) {
    throw new SettingsError(
      `PRIVACY_OPS_RETRY_MAX_WAIT_SECONDS must be at least the first wait (${schedule.baseMs / 1_000} s)`,
    );
  }
  return schedule;
}

/** How long another process's publication may go unseen: 0 reads every notice afresh. */
export function readNoticeCacheSeconds(read: EnvironmentReader): number {
  return read.integer('PRIVACY_OPS_NOTICE_CACHE_SECONDS', 0, 3_600) ?? DEFAULT_NOTICE_CACHE_SECONDS;
}

/** Placeholder keys for a DynamoDB on this machine, unless the environment holds real ones. */
export function placeholderCredentialsFor(read: EnvironmentReader, endpoint: string): boolean {
  return isLoopback(endpoint) && !read.has('AWS_ACCESS_KEY_ID');
}

/** What every function reads: where its table is and the settings of the domain it runs. */
export interface FunctionSettings {
  /** Running as a Lambda function on AWS: AWS_LAMBDA_FUNCTION_NAME is set. */
  onAws: boolean;
  logLevel: LogLevel;
  db: Omit<DbSettings, 'captureClient'> & { region: string };
  controller: Controller;
  deadlines: DeadlineSettings;
  retrySchedule: RetrySchedule;
}

type CognitoTokens = Extract<TokenSettings, { kind: 'cognito' }>;

/** Tokens as the environment names them: the sign-in key by its KMS key id, which the handler makes a client for. */
export type TokenEnvironment =
  | Extract<TokenSettings, { kind: 'local' }>
  | (Omit<CognitoTokens, 'signIn'> & { signIn: { issuer: string; keyId: string } });

export interface GraphqlSettings extends FunctionSettings {
  tokens: TokenEnvironment;
  /** How long a notice version another instance superseded may still be served. */
  noticeCacheSeconds: number;
}

/** A function that sends mail: the outbox, the due job, and the fan-out that makes each change's first try. */
export interface SendingSettings extends FunctionSettings {
  mail: MailSettings;
}

function functionSettings(read: EnvironmentReader): FunctionSettings {
  const onAws = read.has('AWS_LAMBDA_FUNCTION_NAME');
  const endpoint = read.url('DYNAMODB_ENDPOINT');
  const region = readRegion(read);
  return {
    onAws,
    logLevel: readLogLevel(read),
    db: {
      table: required('PRIVACY_OPS_TABLE', readTableName(read), TABLE_NAME_IS),
      region: onAws
        ? required('AWS_REGION', region, 'the function’s AWS region (Lambda sets it)')
        : (region ?? LOCAL_REGION),
      ...(endpoint
        ? { endpoint, placeholderCredentials: placeholderCredentialsFor(read, endpoint) }
        : {}),
    },
    controller: readController(read, read.url('PRIVACY_OPS_PUBLIC_URL') ?? DEFAULT_PUBLIC_URL),
    deadlines: readDeadlines(read),
    retrySchedule: readRetrySchedule(read),
  };
}

/**
 * The API's own issuer of sign-in tokens: any name but the local one and a
 * user pool's, so that no token of either is taken for one of its own.
 */
function readSignInIssuer(read: EnvironmentReader): string {
  const issuer = required(
    'PRIVACY_OPS_SIGN_IN_ISSUER',
    read.matching('PRIVACY_OPS_SIGN_IN_ISSUER', ISSUER, 'up to 256 characters without spaces'),
    'the issuer (iss) of the API’s own sign-in tokens, such as privacy-ops-sign-in:my-stack',
  );
  if (issuer === LOCAL_ISSUER || issuer.startsWith('https://cognito-idp.')) {
    throw new SettingsError(
      `PRIVACY_OPS_SIGN_IN_ISSUER must name the API itself, not ${issuer === LOCAL_ISSUER ? 'the local issuer' : 'a user pool'}`,
    );
  }
  return issuer;
}

/**
 * Cognito tokens, beside the API's own sign-in tokens (RS256 by a KMS key);
 * HS256 tokens under PRIVACY_OPS_JWT_SECRET only off AWS (a handler run on a
 * developer's machine). On AWS that key is refused rather than silently
 * trusted in place of the user pool.
 */
function tokenSettings(read: EnvironmentReader, onAws: boolean): TokenEnvironment {
  const secret = read.secret('PRIVACY_OPS_JWT_SECRET', JWT_SECRET_MIN_LENGTH);
  if (secret !== undefined) {
    if (onAws) {
      throw new SettingsError(
        'PRIVACY_OPS_JWT_SECRET is set, but a deployed GraphQL function verifies Cognito tokens only: remove the variable from the function',
      );
    }
    return { kind: 'local', secret };
  }
  return {
    kind: 'cognito',
    userPoolId: required(
      'COGNITO_USER_POOL_ID',
      readUserPoolId(read),
      'the id of the Cognito user pool whose tokens are accepted, such as eu-west-1_AbC123',
    ),
    clientIds: required(
      'COGNITO_CLIENT_IDS',
      read.list('COGNITO_CLIENT_IDS'),
      'the user pool’s app client ids whose tokens are accepted, separated by commas',
    ),
    signIn: {
      issuer: readSignInIssuer(read),
      keyId: required(
        'PRIVACY_OPS_SIGN_IN_KEY_ID',
        read.matching(
          'PRIVACY_OPS_SIGN_IN_KEY_ID',
          KMS_KEY_ID,
          'a KMS key id or ARN, or an alias name or ARN',
        ),
        'the KMS key (RSA_2048, SIGN_VERIFY) that signs the API’s own sign-in tokens',
      ),
    },
  };
}

/** SES from PRIVACY_OPS_MAIL_FROM; `.eml` files where PRIVACY_OPS_MAIL_DIR names a folder, off AWS only. */
function mailSettings(read: EnvironmentReader, onAws: boolean): MailSettings {
  const dir = read.text('PRIVACY_OPS_MAIL_DIR');
  if (dir !== undefined && onAws) {
    throw new SettingsError(
      'PRIVACY_OPS_MAIL_DIR is set, but a deployed function sends mail through SES: remove the variable from the function',
    );
  }
  const from = onAws
    ? required(
        'PRIVACY_OPS_MAIL_FROM',
        readMailFrom(read),
        'the SES-verified address mail is sent from',
      )
    : (readMailFrom(read) ?? DEFAULT_MAIL_FROM);
  return dir === undefined ? { kind: 'ses', from } : { kind: 'files', dir, from };
}

/** Running as a Lambda function on AWS: Lambda sets AWS_LAMBDA_FUNCTION_NAME. */
export function runningOnLambda(env: Environment = process.env): boolean {
  return environmentReader(env).has('AWS_LAMBDA_FUNCTION_NAME');
}

export function graphqlSettings(env: Environment = process.env): GraphqlSettings {
  const read = environmentReader(env);
  const settings = functionSettings(read);
  return {
    ...settings,
    tokens: tokenSettings(read, settings.onAws),
    noticeCacheSeconds: readNoticeCacheSeconds(read),
  };
}

function sendingSettings(env: Environment): SendingSettings {
  const read = environmentReader(env);
  const settings = functionSettings(read);
  return { ...settings, mail: mailSettings(read, settings.onAws) };
}

export function noticeChangesSettings(env: Environment = process.env): SendingSettings {
  return sendingSettings(env);
}

export function outboxSettings(env: Environment = process.env): SendingSettings {
  return sendingSettings(env);
}

export function dueDeliveriesSettings(env: Environment = process.env): SendingSettings {
  return sendingSettings(env);
}

export function retentionSettings(env: Environment = process.env): FunctionSettings {
  return functionSettings(environmentReader(env));
}
