/**
 * registerForEvent, each request a new person, as a frontend sends it through
 * the API, against the raw TransactWriteItems it performs: the transaction
 * the domain writes, caught, and sent again with new ids for each request.
 */
import { createDb } from '../store/db';
import { ensureTable } from '../store/table';
import { createRawTable, rawHeaders, withFreshDynamo } from './dynamo';
import { loadFigures, measureLoad, type LoadResult } from './load';
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

export async function measureRegistration(settings: BenchSettings): Promise<ResultRow[]> {
  const load = {
    connections: settings.connections,
    warmupSeconds: settings.warmupSeconds,
    seconds: settings.loadSeconds,
  };

  // Each side on a DynamoDB Local of its own: the other's writes would have left stream records behind.
  const { raw, items } = await withFreshDynamo(async (endpoint) => {
    const db = createDb({ endpoint, table: TABLE });
    await ensureTable(db);
    const version = await setUpScene(db);
    const rawTable = 'raw-limit';
    await createRawTable(endpoint, rawTable);
    const template = (await captureRegistration(endpoint, TABLE, version)).writtenTo(rawTable);
    const [items, ...more] = template.sizes;
    if (items === undefined || more.length > 0) {
      throw new Error(`registerForEvent wrote ${template.sizes.length} transactions, not one`);
    }
    progress(`registration: raw TransactWriteItems of the ${items} items one registration writes`);
    let next = 0;
    const result: LoadResult = await measureLoad(
      {
        url: endpoint,
        method: 'POST',
        headers: rawHeaders('TransactWriteItems'),
        body: () => template.copyFor(benchEmail('raw', (next += 1)))[0] ?? '',
        answered: (status) => status === 200,
      },
      load,
    );
    progress(`registration: raw TransactWriteItems ${loadFigures(result)}`);
    return { raw: result, items };
  });

  const ours = await withFreshDynamo(async (endpoint) => {
    const db = createDb({ endpoint, table: TABLE });
    await ensureTable(db);
    const version = await setUpScene(db);
    const server = await startLocalServer({ dynamoEndpoint: endpoint });
    try {
      progress('registration: registerForEvent through the API, a new person each request');
      let next = 0;
      const result = await measureLoad(
        {
          url: server.url,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: () =>
            JSON.stringify({
              query: REGISTER_MUTATION,
              variables: { input: registration(benchEmail('api', (next += 1)), version) },
            }),
          answered: (status, body) => status === 200 && !body.includes('"errors"'),
        },
        load,
      );
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
