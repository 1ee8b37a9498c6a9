/** HTTP load with autocannon: the same connections and duration for privacy-ops and its limit. */
import autocannon from 'autocannon';
import { milliseconds, whole } from './report';

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

async function cannon(
  target: LoadTarget,
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  let failed = 0;
  const { body, answered } = target;
  const result = await autocannon({
    url: target.url,
    method: target.method,
    headers: target.headers,
    ...(typeof body === 'string' ? { body } : {}),
    connections,
    duration: seconds,
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

/**
 * Loads the target untimed for `warmupSeconds`, so that DynamoDB Local's JVM
 * and the server have compiled their hot paths, then measures `seconds`.
 */
export async function measureLoad(
  target: LoadTarget,
  options: { connections: number; warmupSeconds: number; seconds: number },
): Promise<LoadResult> {
  await cannon(target, options.connections, options.warmupSeconds);
  return cannon(target, options.connections, options.seconds);
}

export function loadFigures(result: LoadResult): string {
  const failures = result.failed > 0 ? `, ${whole(result.failed)} FAILED` : '';
  return `${whole(result.requestsPerSecond)} req/s, p50 ${milliseconds(result.p50Ms)}, p99 ${milliseconds(result.p99Ms)}${failures}`;
}
