import type { TypedDocumentString } from '../gql/graphql';
import { webConfig } from './config';

/** The contract's error codes (CONTRACT.md, Errors), and what a failed fetch is. */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'INTERNAL_SERVER_ERROR'
  | 'NETWORK';

/** A GraphQL error as the pages show it: the API's message and code. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: ErrorCode,
    /** Seconds to wait, for RATE_LIMITED. */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface GraphqlAnswer<TResult> {
  data?: TResult | null;
  errors?: { message: string; extensions?: { code?: string; retryAfter?: number } }[];
}

const KNOWN_CODES = new Set<string>([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'INTERNAL_SERVER_ERROR',
]);

function codeOf(code: string | undefined): ErrorCode {
  return code && KNOWN_CODES.has(code) ? (code as ErrorCode) : 'INTERNAL_SERVER_ERROR';
}

/**
 * Runs one typed operation against the API. The first GraphQL error is
 * thrown as an ApiError; a page shows its message.
 */
export async function request<TResult, TVariables>(
  operation: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  token?: string | null,
): Promise<TResult> {
  const { graphqlUrl } = await webConfig();
  let response: Response;
  try {
    response = await fetch(graphqlUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query: operation.toString(), variables }),
    });
  } catch {
    throw new ApiError(
      'The service could not be reached. Check your connection and try again.',
      'NETWORK',
    );
  }
  let answer: GraphqlAnswer<TResult>;
  try {
    answer = (await response.json()) as GraphqlAnswer<TResult>;
  } catch {
    throw new ApiError('The service answered with something unexpected.', 'INTERNAL_SERVER_ERROR');
  }
  const first = answer.errors?.[0];
  if (first) {
    throw new ApiError(
      first.message,
      codeOf(first.extensions?.code),
      first.extensions?.retryAfter ?? null,
    );
  }
  if (!answer.data) throw new ApiError('The service sent no data.', 'INTERNAL_SERVER_ERROR');
  return answer.data;
}

/** What to tell a person about an error: the API's own words, plus when to try again. */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Please try again.';
  if (error.code === 'RATE_LIMITED' && error.retryAfter !== null) {
    const minutes = Math.max(1, Math.ceil(error.retryAfter / 60));
    return `${error.message} Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
  }
  if (error.code === 'INTERNAL_SERVER_ERROR')
    return 'Something went wrong on our side. Please try again.';
  return error.message;
}
