/**
 * HTTP caching of GraphQL answers, the same for the local server and the
 * Lambda handler: the Cache-Control and ETag headers of every answer, 304 for
 * a matching If-None-Match, and the answers of public GET queries kept in
 * memory, so that a repeated one is answered without running GraphQL.
 *
 * | request                      | Cache-Control                  | kept |
 * | ---------------------------- | ------------------------------ | ---- |
 * | with an Authorization header | `private, no-store`            | no   |
 * | GET, Apollo's policy PUBLIC  | `public, max-age=N` (+ ETag)   | N > 0 |
 * | anything else: POST, errors, | `no-store`                     | no   |
 * | fields without a cache hint  |                                |      |
 *
 * N is what Apollo's cache-control plugin computed from the resolvers' hints
 * (resolvers/notices.ts): at most the notice cache's staleness bound and the
 * seconds to the next scheduled effectiveAt. A kept answer expires N seconds
 * after its request began, so never later than the data it was built from,
 * and dies at once when this process changes a notice (the notice cache's
 * generation moves on); served again, its max-age counts down.
 */
import { createHash } from 'node:crypto';
import type { NoticeCache } from '../domain/notice-cache';
import type { HeaderLookup } from './context';

/** A GraphQL request over HTTP, as both entry points see it. */
export interface HttpRequest {
  method: string;
  /** The query string, with or without its leading `?`. */
  search: string;
  header: HeaderLookup;
}

/** An HTTP answer: status, headers by lower-case name, body (a kept one's already encoded, UTF-8). */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

export type Handling =
  /** Answered from memory: the kept answer, or 304. */
  | { kind: 'answered'; answer: HttpAnswer }
  /** GraphQL must answer; `finish` gives its answer the caching headers (or makes it a 304) and keeps it if it may. */
  | { kind: 'execute'; finish(answer: HttpAnswer): HttpAnswer };

export interface ResponseCache {
  handle(request: HttpRequest): Handling;
}

export interface ResponseCacheLimits {
  entries: number;
  bytes: number;
  /** A larger answer is served but not kept. */
  entryBytes: number;
}

export const RESPONSE_CACHE_LIMITS: ResponseCacheLimits = {
  entries: 1_000,
  bytes: 32 * 1024 * 1024,
  entryBytes: 1024 * 1024,
};

interface Kept {
  /** What is served with the body, but Cache-Control, which counts down. */
  headers: Record<string, string>;
  body: Buffer;
  etag: string;
  expiresAt: number;
  generation: number;
}

/** What Apollo's cache-control plugin writes for a cacheable public answer. */
const APOLLO_PUBLIC = /^max-age=(\d+), public$/;
const PRIVATE = 'private, no-store';
const UNCACHEABLE = 'no-store';

function keyOf(request: HttpRequest): string {
  const search = request.search.startsWith('?') ? request.search.slice(1) : request.search;
  return `${request.header('accept') ?? ''}\n${search}`;
}

function etagOf(body: string | Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url')}"`;
}

/** RFC 9110, 13.1.2: a weak comparison against each tag listed, or `*`. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}

function notModified(headers: Record<string, string>): HttpAnswer {
  const { etag = '', vary = '' } = headers;
  return {
    status: 304,
    headers: { etag, vary, 'cache-control': headers['cache-control'] ?? UNCACHEABLE },
    body: '',
  };
}

/** Apollo's max-age for a public GET answered without errors; null when it may not be cached. */
function publicMaxAge(request: HttpRequest, answer: HttpAnswer): number | null {
  if (request.method !== 'GET' || answer.status !== 200) return null;
  const match = APOLLO_PUBLIC.exec(answer.headers['cache-control'] ?? '');
  return match ? Number(match[1]) : null;
}

export function createResponseCache(
  services: { now: () => Date; noticeCache: NoticeCache },
  limits: ResponseCacheLimits = RESPONSE_CACHE_LIMITS,
): ResponseCache {
  const kept = new Map<string, Kept>();
  let keptBytes = 0;

  const drop = (key: string) => {
    const entry = kept.get(key);
    if (!entry) return;
    keptBytes -= entry.body.length;
    kept.delete(key);
  };

  const keep = (key: string, entry: Kept) => {
    if (entry.body.length > limits.entryBytes) return;
    drop(key);
    kept.set(key, entry);
    keptBytes += entry.body.length;
    // The oldest go first: they expire first too.
    for (const oldest of kept.keys()) {
      if (kept.size <= limits.entries && keptBytes <= limits.bytes) break;
      drop(oldest);
    }
  };

  const fromMemory = (request: HttpRequest, key: string, now: number): HttpAnswer | null => {
    const entry = kept.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= now || entry.generation !== services.noticeCache.generation) {
      drop(key);
      return null;
    }
    const headers = {
      ...entry.headers,
      'cache-control': `public, max-age=${Math.floor((entry.expiresAt - now) / 1000)}`,
    };
    if (matches(request.header('if-none-match'), entry.etag)) return notModified(headers);
    return { status: 200, headers, body: entry.body };
  };

  return {
    handle(request) {
      if (request.header('authorization') !== undefined) {
        return {
          kind: 'execute',
          finish: (answer) => ({
            ...answer,
            headers: { ...answer.headers, 'cache-control': PRIVATE },
          }),
        };
      }
      const key = keyOf(request);
      const startedAt = services.now().getTime();
      if (request.method === 'GET') {
        const answer = fromMemory(request, key, startedAt);
        if (answer) return { kind: 'answered', answer };
      }
      const generation = services.noticeCache.generation;
      return {
        kind: 'execute',
        finish(answer) {
          const maxAge = publicMaxAge(request, answer);
          if (maxAge === null) {
            return { ...answer, headers: { ...answer.headers, 'cache-control': UNCACHEABLE } };
          }
          const etag = etagOf(answer.body);
          const headers = { ...answer.headers, etag, vary: 'accept' };
          if (maxAge > 0 && generation === services.noticeCache.generation) {
            const body = Buffer.from(answer.body);
            keep(key, {
              headers: {
                'content-type': answer.headers['content-type'] ?? 'application/json',
                'content-length': String(body.length),
                etag,
                vary: 'accept',
              },
              body,
              etag,
              expiresAt: startedAt + maxAge * 1000,
              generation,
            });
          }
          const finished = { ...headers, 'cache-control': `public, max-age=${maxAge}` };
          if (matches(request.header('if-none-match'), etag)) return notModified(finished);
          return { ...answer, headers: finished };
        },
      };
    },
  };
}
