import { resolve } from 'node:path';

/** The local runtime's settings, read from the environment (CONTRACT.md, Settings). */
export interface LocalSettings {
  port: number;
  dynamoEndpoint: string | null;
  table: string;
  dataDir: string;
  inMemory: boolean;
  seed: boolean;
  jwtSecret: string | null;
  mailDir: string;
  /** How often the retention job runs. */
  retentionIntervalMs: number;
}

export class SettingsError extends Error {}

function port(value: string | undefined): number {
  if (value === undefined || value === '') return 4000;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65_535) {
    throw new SettingsError(`PORT must be a port number, not "${value}"`);
  }
  return parsed;
}

function seconds(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) {
    throw new SettingsError(`A number of seconds above 0 was expected, not "${value}"`);
  }
  return parsed;
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): LocalSettings {
  const dataDir = resolve(env.PRIVACY_OPS_DATA_DIR || '.data');
  return {
    port: port(env.PORT),
    dynamoEndpoint: env.DYNAMODB_ENDPOINT || null,
    table: env.PRIVACY_OPS_TABLE || 'privacy-ops',
    dataDir,
    inMemory: env.PRIVACY_OPS_IN_MEMORY === '1',
    seed: env.PRIVACY_OPS_SEED !== '0',
    jwtSecret: env.PRIVACY_OPS_JWT_SECRET || null,
    mailDir: resolve(env.PRIVACY_OPS_MAIL_DIR || `${dataDir}/mail`),
    retentionIntervalMs: seconds(env.PRIVACY_OPS_RETENTION_INTERVAL_SECONDS, 60) * 1000,
  };
}
