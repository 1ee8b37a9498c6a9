import type { RequestStatus } from '../../../domain/constants';
import { canMove, isActive } from '../../../domain/requests/lifecycle';

describe('a request’s lifecycle', () => {
  it.each<[RequestStatus, RequestStatus, boolean]>([
    ['AWAITING_VERIFICATION', 'OPEN', true],
    ['AWAITING_VERIFICATION', 'REJECTED', true],
    ['AWAITING_VERIFICATION', 'EXTENDED', false],
    ['AWAITING_VERIFICATION', 'COMPLETED', false],
    ['OPEN', 'EXTENDED', true],
    ['OPEN', 'COMPLETED', true],
    ['OPEN', 'REJECTED', true],
    ['OPEN', 'AWAITING_VERIFICATION', false],
    ['EXTENDED', 'EXTENDED', false],
    ['EXTENDED', 'COMPLETED', true],
    ['EXTENDED', 'REJECTED', true],
    ['EXTENDED', 'OPEN', false],
    ['COMPLETED', 'REJECTED', false],
    ['COMPLETED', 'OPEN', false],
    ['REJECTED', 'COMPLETED', false],
    ['REJECTED', 'OPEN', false],
  ])('%s may become %s: %s', (from, to, allowed) => {
    expect(canMove(from, to)).toBe(allowed);
  });

  it.each<[RequestStatus, boolean]>([
    ['AWAITING_VERIFICATION', true],
    ['OPEN', true],
    ['EXTENDED', true],
    ['COMPLETED', false],
    ['REJECTED', false],
  ])('%s stands in the queue with its deadline running: %s', (status, active) => {
    expect(isActive(status)).toBe(active);
  });
});
