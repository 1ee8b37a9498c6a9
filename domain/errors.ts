/**
 * The errors a caller can be told about, each with the contract's code.
 * Anything else that goes wrong is masked as INTERNAL_SERVER_ERROR.
 */
import { ConditionFailed } from '../store/transactions';

export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'NOT_IMPLEMENTED';

export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  /** What the caller is told beside the code, in the error's `extensions`. */
  get extensions(): Record<string, string | number> {
    return {};
  }
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED';
  constructor(message = 'A valid token is needed for this operation') {
    super(message);
  }
}

export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';
  constructor(message = 'Your role may not do this') {
    super(message);
  }
}

export class BadInputError extends DomainError {
  readonly code = 'BAD_USER_INPUT';
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
}

export class ConflictError extends DomainError {
  readonly code = 'CONFLICT';
}

/** Asked again too soon: nothing was done, and `retryAfter` seconds from now it may be. */
export class RateLimitedError extends DomainError {
  readonly code = 'RATE_LIMITED';
  constructor(
    message: string,
    readonly retryAfter: number,
  ) {
    super(message);
  }
  override get extensions(): Record<string, string | number> {
    return { retryAfter: this.retryAfter };
  }
}

export class NotImplementedError extends DomainError {
  readonly code = 'NOT_IMPLEMENTED';
  constructor(operation: string) {
    super(`${operation} is not available yet`);
  }
}

/**
 * Awaits a write whose conditions guard against concurrent changes: a failed
 * condition means somebody changed the data first, which is CONFLICT with
 * `message`; any other failure passes through.
 */
export async function orConflict<T>(write: Promise<T>, message: string): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (error instanceof ConditionFailed) throw new ConflictError(message);
    throw error;
  }
}
