import { backoffMs } from '../../domain/deliveries';

/** The delivery schedule: when a failed delivery is tried again. */
describe('the delivery schedule', () => {
  afterEach(() => jest.restoreAllMocks());

  it.each([
    ['the first retry, within a second', 1, 500, 1_000],
    ['the second retry, the step doubled', 2, 1_000, 2_000],
    ['the third retry, doubled again', 3, 2_000, 4_000],
    ['the fourth retry, at the cap of eight seconds', 4, 4_000, 8_000],
    ['the fifth retry, held at the cap', 5, 4_000, 8_000],
  ])('waits before %s (after %i failures) from %i ms to %i ms', (_case, failures, least, most) => {
    const random = jest.spyOn(Math, 'random');
    random.mockReturnValue(0);
    expect(backoffMs(failures)).toBe(least);
    random.mockReturnValue(1);
    expect(backoffMs(failures)).toBe(most);
  });

  it('spreads the waits at random between the bounds', () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.5);
    expect(backoffMs(1)).toBe(750);
    expect(backoffMs(3)).toBe(3_000);
  });
});
