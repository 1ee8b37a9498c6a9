/**
 * The hot read: the notice in effect, as every page of a frontend asks for it
 * (a public GraphQL GET, no token, no If-None-Match), against one raw GetItem
 * of the item that holds the answer, the current version.
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import { createDb } from '../store/db';
import { noticeKeys } from '../store/keys';
import { ensureTable } from '../store/table';
import { createRawTable, rawHeaders, sendRaw, withFreshDynamo, type WireItem } from './dynamo';
import { loadFigures, measureLoad, warmUpLoad, type LoadTarget } from './load';
import { progress, whole, type ResultRow } from './report';
import { NOTICE_ID, seedAsStarted, TABLE } from './scene';
import { startLocalServer } from './server';
import type { BenchSettings } from './settings';

const HOT_READ = `query { notice(id: "${NOTICE_ID}") { current { number effectiveAt sections { key heading body } } } }`;

interface HotReadAnswer {
  data?: { notice?: { current?: { sections: unknown[] } | null } | null };
  errors?: unknown[];
}

export async function measureHotRead(settings: BenchSettings): Promise<ResultRow[]> {
  return withFreshDynamo(async (endpoint) => {
    const db = createDb({ endpoint, table: TABLE });
    await ensureTable(db);
    const version = await seedAsStarted(db);

    const key = marshall(noticeKeys.version(NOTICE_ID, version));
    const { Item } = await sendRaw<{ Item?: WireItem }>(endpoint, 'GetItem', {
      TableName: TABLE,
      Key: key,
    });
    if (!Item) throw new Error('The seeded notice version is missing');
    const rawTable = 'raw-limit';
    await createRawTable(endpoint, rawTable);
    await sendRaw(endpoint, 'PutItem', { TableName: rawTable, Item });
    const itemBytes = Buffer.byteLength(JSON.stringify(Item));

    const load = { connections: settings.connections, seconds: settings.loadSeconds };
    const warmUp = { connections: settings.connections, warmUpSeconds: settings.warmUpSeconds };
    const rawRead: LoadTarget = {
      url: endpoint,
      method: 'POST',
      headers: rawHeaders('GetItem'),
      body: JSON.stringify({ TableName: rawTable, Key: key }),
      answered: (status, body) => status === 200 && body.startsWith('{"Item"'),
    };
    progress(`hot read: raw GetItem of the ${whole(itemBytes)}-byte version item`);
    await warmUpLoad('hot read, raw GetItem', rawRead, warmUp);
    const raw = await measureLoad(rawRead, load);
    progress(`hot read: raw GetItem ${loadFigures(raw)}`);

    const server = await startLocalServer({ dynamoEndpoint: endpoint });
    try {
      const url = `${server.url}?query=${encodeURIComponent(HOT_READ)}`;
      const sample = (await (await fetch(url)).json()) as HotReadAnswer;
      const sections = sample.data?.notice?.current?.sections.length;
      if (!sections || sample.errors) {
        throw new Error(`The hot read did not answer the notice: ${JSON.stringify(sample)}`);
      }
      progress(`hot read: GET /graphql, notice.current with ${sections} sections`);
      const read: LoadTarget = {
        url,
        method: 'GET',
        headers: {},
        answered: (status, body) => status === 200 && !body.includes('"errors"'),
      };
      await warmUpLoad('hot read, privacy-ops', read, warmUp);
      const ours = await measureLoad(read, load);
      progress(`hot read: privacy-ops ${loadFigures(ours)}`);
      return [
        {
          ratio: ours.requestsPerSecond / raw.requestsPerSecond,
          goal: { atLeast: 1 },
          measurement: `hot read: public GET notice.current (${sections} sections), ${settings.connections} connections, ${settings.loadSeconds} s`,
          project: loadFigures(ours),
          limit: `raw GetItem of the version item (${whole(itemBytes)} B): ${loadFigures(raw)}`,
        },
      ];
    } finally {
      await server.stop();
    }
  });
}
