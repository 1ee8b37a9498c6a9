import { InvalidCursor, type PageRequest } from '../store/pages';
import { BadInputError } from './errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/** `first` is bounded so that no page costs more than MAX_PAGE_SIZE items. */
export function pageRequest(args: PageArgs): PageRequest {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new BadInputError(`first must be between 1 and ${MAX_PAGE_SIZE}`);
  }
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
