import { resolve } from 'node:path';
import type { LogLevel } from '../adapters/telemetry';
import type { Controller } from '../domain/controller';
import type { DeadlineSettings } from '../domain/requests/deadlines';
import type { RetrySchedule } from '../domain/retry-schedule';
import { environmentReader, type Environment } from '../lib/environment';
import { LOCAL_REGION } from '../store/db';
import {
  DEFAULT_MAIL_FROM,
  placeholderCredentialsFor,
  readController,
  readDeadlines,
  readLogLevel,
  readMailFrom,
  readNoticeCacheSeconds,
  readRegion,
  readRetrySchedule,
  readTableName,
} from '../lambdas/settings';

/**
 * The local runtime's settings (`npm start`, `npm run token`), read from the
 * environment once and checked (README.md, Settings). What it shares with the
 * Lambda functions is read by the same readers (`lambdas/settings.ts`).
 */
export interface LocalSettings {
  port: number;
  dynamoEndpoint: string | null;
  table: string;
  region: string;
  /**
   * Sign with placeholder keys: DynamoDB Local accepts any, and a developer
   * machine may have none. Not when AWS_ACCESS_KEY_ID is set, nor for a
   * DYNAMODB_ENDPOINT on another machine.
   */
  placeholderCredentials: boolean;
  dataDir: string;
  inMemory: boolean;
  seed: boolean;
  jwtSecret: string | null;
  mailDir: string;
  mailFrom: string;
  /** Where the privacy centre is served; notice versions are read there. */
  publicUrl: string;
  controller: Controller;
  deadlines: DeadlineSettings;
  /** When failed deliveries are tried again. */
  retrySchedule: RetrySchedule;
  /** How often the retention job runs. */
  retentionIntervalMs: number;
  /** How long a notice version another server superseded may still be served. */
  noticeCacheSeconds: number;
  logLevel: LogLevel;
}

/** setInterval's limit: a longer interval would fire at once. */
const MAX_INTERVAL_SECONDS = 2_147_483;

export function readSettings(env: Environment = process.env): LocalSettings {
  const read = environmentReader(env);
  const port = read.integer('PORT', 0, 65_535) ?? 4000;
  const dynamoEndpoint = read.url('DYNAMODB_ENDPOINT') ?? null;
  const dataDir = resolve(read.text('PRIVACY_OPS_DATA_DIR') ?? '.data');
  const publicUrl = read.url('PRIVACY_OPS_PUBLIC_URL') ?? `http://localhost:${port}`;
  return {
    port,
    dynamoEndpoint,
    table: readTableName(read) ?? 'privacy-ops',
    region: readRegion(read) ?? LOCAL_REGION,
    placeholderCredentials: dynamoEndpoint
      ? placeholderCredentialsFor(read, dynamoEndpoint)
      : !read.has('AWS_ACCESS_KEY_ID'),
    dataDir,
    inMemory: read.flag('PRIVACY_OPS_IN_MEMORY') ?? false,
    seed: read.flag('PRIVACY_OPS_SEED') ?? true,
    // Any key a developer chose is taken: the generated one is 32 bytes, as RFC 7518 asks.
    jwtSecret: read.secret('PRIVACY_OPS_JWT_SECRET', 1) ?? null,
    mailDir: resolve(read.text('PRIVACY_OPS_MAIL_DIR') ?? `${dataDir}/mail`),
    mailFrom: readMailFrom(read) ?? DEFAULT_MAIL_FROM,
    publicUrl,
    controller: readController(read, publicUrl),
    deadlines: readDeadlines(read),
    retrySchedule: readRetrySchedule(read),
    retentionIntervalMs:
      (read.positive('PRIVACY_OPS_RETENTION_INTERVAL_SECONDS', MAX_INTERVAL_SECONDS) ?? 60) * 1000,
    noticeCacheSeconds: readNoticeCacheSeconds(read),
    logLevel: readLogLevel(read),
  };
}
