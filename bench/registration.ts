/**
 * registerForEvent, each request a new person, as a frontend sends it through
 * the API, against the raw TransactWriteItems it performs: the transaction
 * the domain writes, caught, and sent again with new ids for each request.
 *
 * On DynamoDB Local, writes to a table with a stream slow down as its stream
 * records pile up (raw, 200 transactions/s in the first 4 s, 35/s in the
 * next 4 s), so each side runs on a DynamoDB Local of its own, warmed by the
 * same transactions written to a table without a stream.
 */
import { createDb, type Db } from '../store/db';
import { ensureTable } from '../store/table';
import type { TransactionTemplate } from './capture';
import { createRawTable, createTableWithoutStream, rawHeaders, withFreshDynamo } from './dynamo';
import { loadFigures, measureLoad, warmUpLoad, type LoadResult, type LoadTarget } from './load';
import { progress, type ResultRow } from './report';
import {
  benchEmail,
  captureRegistration,
  REGISTER_MUTATION,
  registration,
  setUpScene,
  TABLE,
} from './scene';
import { startLocalServer } from './server';
import type { BenchSettings } from './settings';

/** Seconds the server is loaded untimed first: it writes to the measured table, so not until steady. */
const SERVER_WARM_UP_SECONDS = 2;

/** The caught registration sent raw to `table`, for a new person each request. */
function rawRegistrations(
  endpoint: string,
  template: TransactionTemplate,
  table: string,
): LoadTarget {
  const copies = template.writtenTo(table);
  let next = 0;
  return {
    url: endpoint,
    method: 'POST',
    headers: rawHeaders('TransactWriteItems'),
    body: () => copies.copyFor(benchEmail(`raw-${table}`, (next += 1)))[0] ?? '',
    answered: (status) => status === 200,
  };
}

/** The project's table as `npm start` seeds it, with the event, and one registration caught from the domain. */
async function prepare(
  endpoint: string,
): Promise<{ db: Db; version: number; template: TransactionTemplate }> {
  const db = createDb({ endpoint, table: TABLE });
  await ensureTable(db);
  const version = await setUpScene(db);
  const template = await captureRegistration(endpoint, TABLE, version);
  return { db, version, template };
}

/** Warms DynamoDB Local's JVM with the same transactions, on a table without a stream. */
async function warmDynamo(
  endpoint: string,
  template: TransactionTemplate,
  settings: BenchSettings,
) {
  await createTableWithoutStream(endpoint, 'warm-up');
  await warmUpLoad(
    'registration, DynamoDB Local',
    rawRegistrations(endpoint, template, 'warm-up'),
    {
      connections: settings.connections,
      warmUpSeconds: settings.warmUpSeconds,
    },
  );
}

export async function measureRegistration(settings: BenchSettings): Promise<ResultRow[]> {
  const load = { connections: settings.connections, seconds: settings.loadSeconds };

  const { raw, items } = await withFreshDynamo(async (endpoint) => {
    const { template } = await prepare(endpoint);
    const [items, ...more] = template.sizes;
    if (items === undefined || more.length > 0) {
      throw new Error(`registerForEvent wrote ${template.sizes.length} transactions, not one`);
    }
    progress(`registration: raw TransactWriteItems of the ${items} items one registration writes`);
    await warmDynamo(endpoint, template, settings);
    await createRawTable(endpoint, 'raw-limit');
    const result: LoadResult = await measureLoad(
      rawRegistrations(endpoint, template, 'raw-limit'),
      load,
    );
    progress(`registration: raw TransactWriteItems ${loadFigures(result)}`);
    return { raw: result, items };
  });

  const ours = await withFreshDynamo(async (endpoint) => {
    const { version, template } = await prepare(endpoint);
    await warmDynamo(endpoint, template, settings);
    const server = await startLocalServer({ dynamoEndpoint: endpoint });
    try {
      progress('registration: registerForEvent through the API, a new person each request');
      let next = 0;
      const register: LoadTarget = {
        url: server.url,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: () =>
          JSON.stringify({
            query: REGISTER_MUTATION,
            variables: { input: registration(benchEmail('api', (next += 1)), version) },
          }),
        answered: (status, body) => status === 200 && !body.includes('"errors"'),
      };
      await measureLoad(register, { ...load, seconds: SERVER_WARM_UP_SECONDS });
      const result = await measureLoad(register, load);
      progress(`registration: privacy-ops ${loadFigures(result)}`);
      return result;
    } finally {
      await server.stop();
    }
  });

  return [
    {
      ratio: ours.requestsPerSecond / raw.requestsPerSecond,
      goal: null,
      measurement: `registerForEvent, a new person each request, ${settings.connections} connections, ${settings.loadSeconds} s`,
      project: loadFigures(ours),
      limit: `raw TransactWriteItems of its ${items} items: ${loadFigures(raw)}`,
    },
  ];
}
