import { DEFAULT_RETRY_SCHEDULE, nextTryAt } from '../../domain/retry-schedule';

const SECOND = 1_000;
const HOUR = 3_600 * SECOND;
const OPENED = '2026-03-02T09:00:00.000Z';
const opened = Date.parse(OPENED);

/** The wait after the `tries`-th failed try of the window, made `sinceOpened` ms after it opened. */
function wait(tries: number, sinceOpened: number, random: number): number | null {
  const failedAt = new Date(opened + sinceOpened);
  const next = nextTryAt(
    DEFAULT_RETRY_SCHEDULE,
    { startedAt: OPENED, tries },
    failedAt,
    () => random,
  );
  return next && next.getTime() - failedAt.getTime();
}

/** The delivery schedule (CONTRACT.md, Webhooks to partners): when a failed delivery is tried again. */
describe('the delivery schedule', () => {
  it.each([
    ['the first retry, within two seconds', 1, 1 * SECOND, 2 * SECOND],
    ['the second retry, the step doubled', 2, 2 * SECOND, 4 * SECOND],
    ['the third retry, doubled again', 3, 4 * SECOND, 8 * SECOND],
    ['the twelfth retry, at the cap of an hour', 12, HOUR / 2, HOUR],
    ['the thirtieth retry, held at the cap', 30, HOUR / 2, HOUR],
  ])('waits before %s (after %i failures) from %i ms to %i ms', (_case, tries, least, most) => {
    expect(wait(tries, 0, 0)).toBe(least);
    expect(wait(tries, 0, 1)).toBe(most);
  });

  it('spreads the waits at random between the bounds', () => {
    expect(wait(1, 0, 0.5)).toBe(1_500);
    expect(wait(3, 0, 0.5)).toBe(6_000);
  });

  it('makes the last try as the 24 hours end, and no try after', () => {
    expect(wait(40, 24 * HOUR - 10 * SECOND, 1)).toBe(10 * SECOND);
    expect(wait(41, 24 * HOUR, 0)).toBeNull();
    expect(wait(41, 25 * HOUR, 0)).toBeNull();
  });
});
