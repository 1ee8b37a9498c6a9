import { InvalidCursor, type PageRequest } from '../store/pages';
import { BadInputError } from './errors';
import { BOUNDS, requireLength, requireWholeNumber } from './validation';

export const DEFAULT_PAGE_SIZE = 20;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/** `first` is bounded so that no page costs more than its bound in items. */
export function pageRequest(args: PageArgs): PageRequest {
  const first = requireWholeNumber(args.first ?? DEFAULT_PAGE_SIZE, 'first', BOUNDS.pageSize);
  if (args.after) requireLength(args.after, 'after', BOUNDS.cursorLength);
  return { limit: first, after: args.after };
}

/** Runs a paged read, turning a cursor that is not ours into BAD_USER_INPUT. */
export async function readPage<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof InvalidCursor)
      throw new BadInputError('after is not a cursor of this list');
    throw error;
  }
}

export interface Connection<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export function connectionOf<T>(items: T[], cursor: string | null): Connection<T> {
  return { nodes: items, pageInfo: { hasNextPage: cursor !== null, endCursor: cursor } };
}
