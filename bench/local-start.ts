/**
 * Local start: `PRIVACY_OPS_IN_MEMORY=1 npm start` from spawning the process
 * to the first 200 of GET /health (embedded DynamoDB started, table created,
 * sample seeded, stream handlers running), against starting DynamoDB Local
 * alone until it answers, which the start cannot beat.
 */
import { startEmbeddedDynamo } from '../local/dynamodb';
import { median, progress, seconds, type ResultRow } from './report';
import { startLocalServer } from './server';
import type { BenchSettings } from './settings';

export async function measureLocalStart(settings: BenchSettings): Promise<ResultRow[]> {
  const runs = settings.quick ? 1 : 3;
  const alone: number[] = [];
  const server: number[] = [];
  for (let run = 1; run <= runs; run += 1) {
    const started = performance.now();
    const dynamo = await startEmbeddedDynamo({ dataDir: null });
    alone.push(performance.now() - started);
    await dynamo.stop();

    const local = await startLocalServer({ dynamoEndpoint: null });
    server.push(local.startMs);
    await local.stop();
    progress(
      `local start ${run} of ${runs}: /health after ${seconds(local.startMs)}, DynamoDB Local alone ${seconds(alone.at(-1) ?? 0)}`,
    );
  }
  const runsText = runs > 1 ? `, median of ${runs}` : '';
  return [
    {
      ratio: median(server) / median(alone),
      goal: null,
      measurement: `local start (in memory) to GET /health 200${runsText}`,
      project: seconds(median(server)),
      limit: `DynamoDB Local alone, spawn to first answer: ${seconds(median(alone))}`,
    },
  ];
}
