import { createNoticeCache } from '../../domain/notice-cache';
import {
  createResponseCache,
  type HttpAnswer,
  type HttpRequest,
  type ResponseCacheLimits,
} from '../../resolvers/response-cache';
import { TestClock } from '../support/harness';

function get(query: string, headers: Record<string, string> = {}): HttpRequest {
  return { method: 'GET', search: `?query=${query}`, header: (name) => headers[name] };
}

/** An answer as Apollo gives it, cacheable for `maxAge` seconds unless said otherwise. */
function apolloAnswer(body: string, cacheControl = 'max-age=5, public'): HttpAnswer {
  return {
    status: 200,
    headers: { 'content-type': 'application/json', 'cache-control': cacheControl },
    body,
  };
}

function setUp(limits: Partial<ResponseCacheLimits> = {}) {
  const clock = new TestClock();
  const noticeCache = createNoticeCache(5);
  const cache = createResponseCache(
    { now: clock.now, noticeCache },
    { entries: 10, bytes: 1_000, entryBytes: 500, ...limits },
  );
  /** Runs the request through the cache, with `answer` as what GraphQL would say. */
  const serve = (request: HttpRequest, answer: HttpAnswer) => {
    const handling = cache.handle(request);
    const served = handling.kind === 'answered' ? handling.answer : handling.finish(answer);
    return {
      fromMemory: handling.kind === 'answered',
      ...served,
      body: served.body.toString(),
    };
  };
  return { clock, noticeCache, serve };
}

describe('the response cache', () => {
  it('answers a kept answer from memory until its max-age runs out, counting down', () => {
    const { clock, serve } = setUp();
    expect(serve(get('a'), apolloAnswer('{"a":1}'))).toMatchObject({ fromMemory: false });
    clock.advance(2_500);
    expect(serve(get('a'), apolloAnswer('{"a":2}'))).toMatchObject({
      fromMemory: true,
      body: '{"a":1}',
      headers: { 'cache-control': 'public, max-age=2' },
    });
    clock.advance(2_500);
    expect(serve(get('a'), apolloAnswer('{"a":2}'))).toMatchObject({
      fromMemory: false,
      body: '{"a":2}',
    });
  });

  it('keeps answers apart by their Accept header', () => {
    const { serve } = setUp();
    serve(get('a', { accept: 'application/json' }), apolloAnswer('json'));
    expect(
      serve(get('a', { accept: 'application/graphql-response+json' }), apolloAnswer('graphql')),
    ).toMatchObject({ fromMemory: false, body: 'graphql' });
  });

  it('drops everything kept when this process changes a notice', () => {
    const { noticeCache, serve } = setUp();
    serve(get('a'), apolloAnswer('before'));
    noticeCache.forget();
    expect(serve(get('a'), apolloAnswer('after'))).toMatchObject({
      fromMemory: false,
      body: 'after',
    });
  });

  it('keeps no answer GraphQL was still building when this process changed a notice', () => {
    const clock = new TestClock();
    const noticeCache = createNoticeCache(5);
    const cache = createResponseCache({ now: clock.now, noticeCache });
    const building = cache.handle(get('a'));
    noticeCache.forget();
    if (building.kind !== 'execute') throw new Error('nothing was kept yet');
    expect(building.finish(apolloAnswer('read before the change')).headers).toMatchObject({
      'cache-control': 'public, max-age=5',
    });
    expect(cache.handle(get('a')).kind).toBe('execute');
  });

  it.each<[string, HttpRequest, HttpAnswer]>([
    ['a POST', { ...get('a'), method: 'POST' }, apolloAnswer('x')],
    [
      'an answer Apollo marks no-store (errors, unhinted fields)',
      get('a'),
      apolloAnswer('x', 'no-store'),
    ],
    ['an answer that is not a 200', get('a'), { ...apolloAnswer('x'), status: 400 }],
    ['an answer of no time', get('a'), apolloAnswer('x', 'max-age=0, public')],
    [
      'an answer to a caller with a token',
      get('a', { authorization: 'Bearer t' }),
      apolloAnswer('x'),
    ],
  ])('keeps nothing of %s', (_case, request, answer) => {
    const { serve } = setUp();
    serve(request, answer);
    expect(serve(request, apolloAnswer('again'))).toMatchObject({ fromMemory: false });
  });

  it('holds at most its number of entries and bytes, dropping the oldest first', () => {
    const { serve } = setUp({ entries: 2, bytes: 250, entryBytes: 200 });
    serve(get('a'), apolloAnswer('a'.repeat(100)));
    serve(get('b'), apolloAnswer('b'.repeat(100)));
    serve(get('c'), apolloAnswer('c'.repeat(100)));
    expect(serve(get('a'), apolloAnswer('a'))).toMatchObject({ fromMemory: false });
    expect(serve(get('c'), apolloAnswer('c'))).toMatchObject({ fromMemory: true });

    serve(get('big'), apolloAnswer('x'.repeat(201)));
    expect(serve(get('big'), apolloAnswer('x'))).toMatchObject({ fromMemory: false });
  });
});
