/** `npm start`: the whole API on this machine (CONTRACT.md). */
import { once } from 'node:events';
import { join } from 'node:path';
import type { Senders } from '../domain/senders';
import { createMailSender } from '../adapters/mail';
import { createWebhookSender } from '../adapters/webhooks';
import { mailFrom } from '../lambdas/environment';
import { createApi } from '../resolvers/context';
import { createApolloServer } from '../resolvers/server';
import { createDb } from '../store/db';
import { ensureTable } from '../store/table';
import { EmbeddedDynamoError, startEmbeddedDynamo, type EmbeddedDynamo } from './dynamodb';
import { createLocalHttpServer } from './http';
import { startRetentionJob, type PeriodicJob } from './jobs';
import { seedIfEmpty } from './seed';
import { streamHandlers } from './stream-handlers';
import { startStreamPump, type StreamPump } from './stream-pump';
import { readSettings, SettingsError } from './settings';
import { loadOrCreateJwtSecret } from './tokens';

function log(message: string) {
  console.log(`[privacy-ops] ${message}`);
}

function fail(message: string): never {
  console.error(`[privacy-ops] ${message}`);
  process.exit(1);
}

async function main() {
  const settings = readSettings();
  const http = createLocalHttpServer();

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
  let pump: StreamPump | null = null;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    http.server.close();
    http.server.closeAllConnections();
    await retention?.stop();
    await pump?.stop();
    await apollo.stop().catch(() => undefined);
    await embedded?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const apollo = createApolloServer({ sandbox: true });
  let endpoint = settings.dynamoEndpoint;
  if (!endpoint) {
    embedded = await startEmbeddedDynamo({
      dataDir: settings.inMemory ? null : join(settings.dataDir, 'dynamodb'),
    });
    endpoint = embedded.endpoint;
    log(
      `embedded DynamoDB at ${endpoint} (${settings.inMemory ? 'in memory' : `data in ${settings.dataDir}`})`,
    );
  }
  const db = createDb({ endpoint, table: settings.table });
  await ensureTable(db);

  const api = createApi({
    db,
    tokens: { kind: 'local', secret: loadOrCreateJwtSecret(settings.dataDir, settings.jwtSecret) },
  });
  if (settings.seed && (await seedIfEmpty(api.services))) log('sample notice and purposes seeded');

  const senders: Senders = {
    mail: createMailSender({ kind: 'files', dir: settings.mailDir, from: mailFrom() }),
    webhook: createWebhookSender(),
  };
  pump = await startStreamPump({
    db,
    endpoint,
    handlers: streamHandlers(api.services, senders),
    positionFile: settings.inMemory ? null : join(settings.dataDir, 'stream-position.json'),
    log,
  });
  retention = startRetentionJob(api.services, settings.retentionIntervalMs, log);

  await apollo.start();
  http.markReady(api, apollo);
  log(`GraphQL at http://localhost:${settings.port}/graphql (Apollo Sandbox in a browser)`);
}

main().catch((error: unknown) => {
  if (error instanceof EmbeddedDynamoError || error instanceof SettingsError) fail(error.message);
  console.error(error);
  fail('could not start');
});
