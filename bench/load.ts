/** HTTP load with autocannon: the same connections and duration for privacy-ops and its limit. */
import autocannon from 'autocannon';
import { milliseconds, whole } from './report';
import { warmUntilSteady } from './warm-up';

export interface LoadTarget {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  /** The body of every request, or a function making a new one for each (when a request may be made only once). */
  body?: string | (() => string);
  /** Whether an answer is what a user would want; any other counts as failed. */
  answered?: (status: number, body: string) => boolean;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  failed: number;
}

/** The target loaded for `seconds` by `connections` connections. */
export async function measureLoad(
  target: LoadTarget,
  options: { connections: number; seconds: number },
): Promise<LoadResult> {
  let failed = 0;
  const { body, answered } = target;
  const result = await autocannon({
    url: target.url,
    method: target.method,
    headers: target.headers,
    ...(typeof body === 'string' ? { body } : {}),
    connections: options.connections,
    duration: options.seconds,
    requests: [
      {
        ...(typeof body === 'function'
          ? { setupRequest: (request) => ({ ...request, body: body() }) }
          : {}),
        ...(answered
          ? {
              onResponse: (status: number, text: string) => {
                if (!answered(status, text)) failed += 1;
              },
            }
          : {}),
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    failed: failed + result.errors + result.timeouts + (answered ? 0 : result.non2xx),
  };
}

/** Seconds of each warm-up load. */
const BURST_SECONDS = 2;

/** Loads the target in short bursts until its rate stops rising (warm-up.ts). */
export async function warmUpLoad(
  what: string,
  target: LoadTarget,
  options: { connections: number; warmUpSeconds: number },
): Promise<void> {
  await warmUntilSteady(what, options.warmUpSeconds, async () => {
    const burst = await measureLoad(target, {
      connections: options.connections,
      seconds: BURST_SECONDS,
    });
    return burst.requestsPerSecond;
  });
}

export function loadFigures(result: LoadResult): string {
  const failures = result.failed > 0 ? `, ${whole(result.failed)} FAILED` : '';
  return `${whole(result.requestsPerSecond)} req/s, p50 ${milliseconds(result.p50Ms)}, p99 ${milliseconds(result.p99Ms)}${failures}`;
}
