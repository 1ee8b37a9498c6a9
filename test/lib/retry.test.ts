import { backoffMs, retry } from '../../lib/retry';

const BACKOFF = { baseMs: 1_000, capMs: 8_000 };

describe('backoffMs: half the step plus up to half again, the step doubling up to the cap', () => {
  it.each([
    ['the first retry', 1, 500, 1_000],
    ['the second retry, its step doubled', 2, 1_000, 2_000],
    ['the third retry, its step doubled again', 3, 2_000, 4_000],
    ['the fourth retry, its step at the cap', 4, 4_000, 8_000],
    ['the fifth retry, its step held at the cap', 5, 4_000, 8_000],
    ['the thirtieth retry, its step still at the cap', 30, 4_000, 8_000],
    ['retry 0, taken as the first', 0, 500, 1_000],
  ])('waits for %s (retry %i) from %i ms to %i ms', (_case, retryNumber, least, most) => {
    expect(backoffMs(retryNumber, BACKOFF, () => 0)).toBe(least);
    expect(backoffMs(retryNumber, BACKOFF, () => 1)).toBe(most);
  });

  it.each([
    [0.25, 625],
    [0.5, 750],
    [0.75, 875],
  ])('spreads the first retry with the jitter: random %f waits %i ms', (random, wait) => {
    expect(backoffMs(1, BACKOFF, () => random)).toBe(wait);
  });

  it('stays within its bounds with the real random source', () => {
    for (let i = 0; i < 1_000; i += 1) {
      const wait = backoffMs(3, BACKOFF);
      expect(wait).toBeGreaterThanOrEqual(2_000);
      expect(wait).toBeLessThanOrEqual(4_000);
    }
  });

  it('never waits beyond the cap, even when the base is above it', () => {
    expect(backoffMs(1, { baseMs: 10_000, capMs: 3_000 }, () => 1)).toBe(3_000);
  });
});

describe('retry', () => {
  // No wait between tries: these cases are about how many tries, not how long.
  const NO_WAIT = { baseMs: 0, capMs: 0 };

  it('returns the first success, passing each try its number', async () => {
    const tries: number[] = [];
    const result = await retry(
      async (attempt) => {
        tries.push(attempt);
        if (attempt < 3) throw new Error(`failure ${attempt}`);
        return 'done';
      },
      { ...NO_WAIT, attempts: 5 },
    );
    expect(result).toBe('done');
    expect(tries).toEqual([1, 2, 3]);
  });

  it.each([
    ['one try in all', 1, [1]],
    ['three tries in all', 3, [1, 2, 3]],
  ])('throws the last failure after %s', async (_case, attempts, expected) => {
    const tries: number[] = [];
    const work = async (attempt: number) => {
      tries.push(attempt);
      throw new Error(`failure ${attempt}`);
    };
    await expect(retry(work, { ...NO_WAIT, attempts })).rejects.toThrow(`failure ${attempts}`);
    expect(tries).toEqual(expected);
  });

  it('does not try again after a failure that is not worth another try', async () => {
    const tries: number[] = [];
    const work = async (attempt: number) => {
      tries.push(attempt);
      throw new Error(attempt === 1 ? 'busy' : 'refused');
    };
    const retryable = (error: unknown) => (error as Error).message === 'busy';
    await expect(retry(work, { ...NO_WAIT, attempts: 5, retryable })).rejects.toThrow('refused');
    expect(tries).toEqual([1, 2]);
  });
});
