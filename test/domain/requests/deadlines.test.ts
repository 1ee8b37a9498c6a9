import type { Jurisdiction } from '../../../domain/constants';
import { extendedDeadline, statutoryDeadline } from '../../../domain/requests/deadlines';

const HOUSE_RULE = { piplWorkingDays: 15, rollWeekendsForward: false, unverifiedHours: 24 };

describe('statutory deadlines from receipt', () => {
  it.each<[Jurisdiction, string, string]>([
    ['GDPR', '2026-03-15T09:00:00Z', '2026-04-15'],
    ['GDPR', '2026-01-31T09:00:00Z', '2026-02-28'],
    ['GDPR', '2024-01-31T23:30:00Z', '2024-02-29'],
    ['GDPR', '2026-12-31T12:00:00Z', '2027-01-31'],
    ['CCPA', '2026-03-15T09:00:00Z', '2026-04-29'],
    ['PIPL', '2026-11-25T12:00:00Z', '2026-12-16'],
  ])('%s, received %s: due at the end of %s', (jurisdiction, received, due) => {
    const deadline = statutoryDeadline(jurisdiction, new Date(received), HOUSE_RULE);
    expect(deadline.toISOString()).toBe(`${due}T23:59:59.999Z`);
  });

  it('moves a GDPR deadline on a weekend to the Monday after when asked to (ICO practice)', () => {
    // 2026-02-14 is a Saturday.
    const received = new Date('2026-01-14T10:00:00Z');
    expect(statutoryDeadline('GDPR', received, HOUSE_RULE).toISOString().slice(0, 10)).toBe(
      '2026-02-14',
    );
    expect(
      statutoryDeadline('GDPR', received, { ...HOUSE_RULE, rollWeekendsForward: true })
        .toISOString()
        .slice(0, 10),
    ).toBe('2026-02-16');
  });

  it.each<[Jurisdiction, string, string | null]>([
    ['GDPR', '2026-01-31T09:00:00Z', '2026-04-30'],
    ['CCPA', '2026-03-15T09:00:00Z', '2026-06-13'],
    ['PIPL', '2026-03-15T09:00:00Z', null],
  ])('%s extension, received %s: due at the end of %s', (jurisdiction, received, due) => {
    const deadline = extendedDeadline(jurisdiction, new Date(received), HOUSE_RULE);
    expect(deadline?.toISOString() ?? null).toBe(due && `${due}T23:59:59.999Z`);
  });
});
