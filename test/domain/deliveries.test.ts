import { DELIVERY_BACKOFF } from '../../domain/deliveries';
import { backoffMs } from '../../lib/retry';

/** The delivery schedule: when a failed delivery is tried again. */
describe('the delivery schedule', () => {
  it.each([
    ['the first retry, within a second', 1, 500, 1_000],
    ['the second retry, the step doubled', 2, 1_000, 2_000],
    ['the third retry, doubled again', 3, 2_000, 4_000],
    ['the fourth retry, at the cap of eight seconds', 4, 4_000, 8_000],
    ['the fifth retry, held at the cap', 5, 4_000, 8_000],
  ])('waits before %s (after %i failures) from %i ms to %i ms', (_case, failures, least, most) => {
    expect(backoffMs(failures, DELIVERY_BACKOFF, () => 0)).toBe(least);
    expect(backoffMs(failures, DELIVERY_BACKOFF, () => 1)).toBe(most);
  });

  it('spreads the waits at random between the bounds', () => {
    expect(backoffMs(1, DELIVERY_BACKOFF, () => 0.5)).toBe(750);
    expect(backoffMs(3, DELIVERY_BACKOFF, () => 0.5)).toBe(3_000);
  });
});
