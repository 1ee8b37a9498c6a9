/**
 * A request's lifecycle, as one table: the statuses each status may move to.
 * Every check of a decision and every queue filter reads it, so a status
 * added to `REQUEST_STATUSES` is placed here once and nowhere else.
 */
import { REQUEST_STATUSES, type RequestStatus } from '../constants';

export const NEXT_STATUSES = {
  AWAITING_VERIFICATION: ['OPEN', 'REJECTED'],
  OPEN: ['EXTENDED', 'COMPLETED', 'REJECTED'],
  EXTENDED: ['COMPLETED', 'REJECTED'],
  COMPLETED: [],
  REJECTED: [],
} as const satisfies Record<RequestStatus, readonly RequestStatus[]>;

export function canMove(from: RequestStatus, to: RequestStatus): boolean {
  return (NEXT_STATUSES[from] as readonly RequestStatus[]).includes(to);
}

/** Not closed yet: the request stands in the queue and its deadline runs. */
export function isActive(status: RequestStatus): boolean {
  return NEXT_STATUSES[status].length > 0;
}

export const ACTIVE_STATUSES: readonly RequestStatus[] = REQUEST_STATUSES.filter(isActive);

/** Still active and past its deadline. */
export function isOverdue(request: { status: RequestStatus; dueAt: string }, now: Date): boolean {
  return isActive(request.status) && Date.parse(request.dueAt) < now.getTime();
}
