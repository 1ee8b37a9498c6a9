import { createPublishedNotice, publishNextVersion } from '../support/factories';
import type { TestServer } from '../support/harness';
import { twoInstancesOnOneTable } from '../support/servers';

/** Both instances' staleness bound (PRIVACY_OPS_NOTICE_CACHE_SECONDS): small, so the tests are short. */
const STALE_SECONDS = 3;
const startInstances = twoInstancesOnOneTable({ noticeCacheSeconds: STALE_SECONDS });

let a: TestServer;
let b: TestServer;

beforeAll(async () => {
  [a, b] = await startInstances();
});

const CURRENT = `query ($id: ID!) { notice(id: $id) { current { number } } }`;

type Way = 'GET' | 'POST';

interface Reading {
  way: Way;
  sentAt: number;
  receivedAt: number;
  number: number;
  /** From Cache-Control, when it says public. */
  maxAge: number | null;
}

/** The number of the version in effect, read as a frontend would: GET (kept answers) or POST. */
async function readCurrent(server: TestServer, noticeId: string, way: Way): Promise<Reading> {
  const sentAt = Date.now();
  const response =
    way === 'GET'
      ? await fetch(
          `${server.url}?${new URLSearchParams({ query: CURRENT, variables: JSON.stringify({ id: noticeId }) })}`,
        )
      : await fetch(server.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: CURRENT, variables: { id: noticeId } }),
        });
  const body = (await response.json()) as { data: { notice: { current: { number: number } } } };
  const maxAge = /^public, max-age=(\d+)$/.exec(response.headers.get('cache-control') ?? '')?.[1];
  return {
    way,
    sentAt,
    receivedAt: Date.now(),
    number: body.data.notice.current.number,
    maxAge: maxAge === undefined ? null : Number(maxAge),
  };
}

async function readBothWays(server: TestServer, noticeId: string): Promise<Reading[]> {
  return Promise.all([readCurrent(server, noticeId, 'GET'), readCurrent(server, noticeId, 'POST')]);
}

/** Reads both ways every 100 ms until both show `number`; every reading. */
async function readUntil(server: TestServer, noticeId: string, number: number) {
  const readings: Reading[] = [];
  for (const deadline = Date.now() + 20_000; Date.now() < deadline;) {
    const both = await readBothWays(server, noticeId);
    readings.push(...both);
    if (both.every((reading) => reading.number === number)) return readings;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Version ${number} did not take effect within 20 s`);
}

describe('the version in effect, cached in each instance', () => {
  it('is seen at once where it was published, and elsewhere within the staleness bound', async () => {
    const { noticeId } = await createPublishedNotice(a);
    for (const server of [a, b]) {
      expect((await readBothWays(server, noticeId)).map((r) => r.number)).toEqual([1, 1]);
    }

    const second = await publishNextVersion(a, noticeId, { material: false });
    const publishedAt = Date.now();

    expect((await readBothWays(a, noticeId)).map((r) => r.number)).toEqual([second, second]);
    const onB = await readUntil(b, noticeId, second);
    const superseded = onB.filter((reading) => reading.number !== second);
    expect(superseded.length).toBeGreaterThan(0);
    for (const reading of superseded) {
      expect(reading.sentAt).toBeLessThan(publishedAt + STALE_SECONDS * 1000);
    }
  });

  it('switches to a scheduled version at its effectiveAt in every instance, and no answer is kept past it', async () => {
    const { noticeId } = await createPublishedNotice(a);
    for (const server of [a, b]) await readBothWays(server, noticeId);
    const effectiveAt = Date.now() + (STALE_SECONDS + 2) * 1000;
    const scheduled = await publishNextVersion(a, noticeId, {
      material: false,
      effectiveAt: new Date(effectiveAt),
    });

    const readings = (
      await Promise.all([readUntil(a, noticeId, scheduled), readUntil(b, noticeId, scheduled)])
    ).flat();
    for (const reading of readings) {
      if (reading.receivedAt < effectiveAt) expect(reading.number).toBe(1);
      if (reading.sentAt >= effectiveAt) expect(reading.number).toBe(scheduled);
      // Within the last second before the switch there is nothing left to keep: no-store.
      if (reading.maxAge !== null) {
        expect(reading.maxAge).toBeLessThanOrEqual(STALE_SECONDS);
        if (reading.number === 1) {
          expect(reading.sentAt + reading.maxAge * 1000).toBeLessThanOrEqual(effectiveAt);
        }
      }
    }
    expect(readings.filter((reading) => reading.number === 1).length).toBeGreaterThan(0);
  });
});
