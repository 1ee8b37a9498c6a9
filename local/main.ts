/**
 * `npm start`: the whole API on this machine (CONTRACT.md).
 *
 * Two kinds of output: the few lines that say how starting and stopping
 * went are plain text, for the person at the terminal (and the start test
 * reads the DynamoDB endpoint from one); what happens while it runs (stream,
 * retention and due-delivery reports, internal errors) is the Powertools
 * Logger's JSON, as on AWS. Metrics are DEBUG lines of that logger.
 */
import { once } from 'node:events';
import { join } from 'node:path';
import type { Senders } from '../domain/senders';
import { createMailSender } from '../adapters/mail';
import { localTelemetry } from '../adapters/telemetry';
import { createWebhookSender } from '../adapters/webhooks';
import { SettingsError } from '../lib/environment';
import { createApi } from '../resolvers/context';
import { createApolloServer } from '../resolvers/server';
import { createDb } from '../store/db';
import { ensureTable } from '../store/table';
import { EmbeddedDynamoError, startEmbeddedDynamo, type EmbeddedDynamo } from './dynamodb';
import { WEB_DIST } from '../web/build';
import { createLocalHttpServer } from './http';
import { startDueDeliveriesJob, startRetentionJob, type PeriodicJob } from './jobs';
import { seedIfEmpty } from './seed';
import { streamHandlers } from './stream-handlers';
import { startStreamPump, type StreamPump } from './stream-pump';
import { readSettings } from './settings';
import { loadOrCreateJwtSecret } from './tokens';

function say(message: string) {
  console.log(`[privacy-ops] ${message}`);
}

function fail(message: string): never {
  console.error(`[privacy-ops] ${message}`);
  process.exit(1);
}

async function main() {
  const settings = readSettings();
  const { logger, metrics } = localTelemetry(settings.logLevel);
  const http = createLocalHttpServer({
    logger,
    pages: { dir: WEB_DIST, config: { graphqlUrl: '/graphql', adminSignIn: { kind: 'token' } } },
  });

  // Listening first: a taken port fails before anything else starts, and
  // /health can answer 503 while the rest comes up.
  http.server.listen(settings.port);
  try {
    await once(http.server, 'listening');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      fail(
        `Port ${settings.port} is taken by another program. Stop it, or start with PORT=<another port>.`,
      );
    }
    throw error;
  }

  let embedded: EmbeddedDynamo | null = null;
  let retention: PeriodicJob | null = null;
  let dueDeliveries: PeriodicJob | null = null;
  let pump: StreamPump | null = null;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping`);
    http.server.close();
    http.server.closeAllConnections();
    await retention?.stop();
    await dueDeliveries?.stop();
    await pump?.stop();
    await apollo.stop().catch(() => undefined);
    await embedded?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const apollo = createApolloServer({ sandbox: true, logger });
  let endpoint = settings.dynamoEndpoint;
  if (!endpoint) {
    embedded = await startEmbeddedDynamo({
      dataDir: settings.inMemory ? null : join(settings.dataDir, 'dynamodb'),
    });
    endpoint = embedded.endpoint;
    say(
      `embedded DynamoDB at ${endpoint} (${settings.inMemory ? 'in memory' : `data in ${settings.dataDir}`})`,
    );
  }
  const db = createDb({
    endpoint,
    table: settings.table,
    region: settings.region,
    placeholderCredentials: settings.placeholderCredentials,
  });
  await ensureTable(db);

  const api = createApi({
    db,
    tokens: { kind: 'local', secret: loadOrCreateJwtSecret(settings.dataDir, settings.jwtSecret) },
    logger,
    controller: settings.controller,
    deadlines: settings.deadlines,
    retrySchedule: settings.retrySchedule,
    telemetry: metrics,
    noticeCacheSeconds: settings.noticeCacheSeconds,
  });
  if (settings.seed && (await seedIfEmpty(api.services))) say('sample notice and purposes seeded');

  const senders: Senders = {
    mail: createMailSender({ kind: 'files', dir: settings.mailDir, from: settings.mailFrom }),
    webhook: createWebhookSender(),
  };
  pump = await startStreamPump({
    db,
    endpoint,
    handlers: streamHandlers(api.services, senders, logger),
    positionFile: settings.inMemory ? null : join(settings.dataDir, 'stream-position.json'),
    log: (line) => logger.warn(line),
    telemetry: metrics,
  });
  dueDeliveries = startDueDeliveriesJob(api.services, senders, logger);
  retention = startRetentionJob(api.services, settings.retentionIntervalMs, logger);

  await apollo.start();
  http.markReady(api, apollo);
  say(`GraphQL at http://localhost:${settings.port}/graphql (Apollo Sandbox in a browser)`);
}

main().catch((error: unknown) => {
  if (error instanceof EmbeddedDynamoError || error instanceof SettingsError) fail(error.message);
  console.error(error);
  fail('could not start');
});
