import { ApolloServer, type ApolloServerOptions, type ApolloServerPlugin } from '@apollo/server';
import type { Logger } from '@aws-lambda-powertools/logger';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { errorFacts } from '../adapters/telemetry';
import { DomainError } from '../domain/errors';
import type { RequestContext } from './context';
import { createResolvers, typeDefs } from './index';

export interface ServerOptions {
  /** Apollo Sandbox at the GraphQL path: for the local server, not for the deployed API. */
  sandbox: boolean;
  /** Where masked internal errors are reported; never to the caller. */
  logger: Logger;
}

/** The codes a caller may see as they are: the contract's and GraphQL's own request errors. */
const PASSED_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

interface ShownError {
  message: string;
  code: string;
  /** Told beside the code (a rate limit's `retryAfter`); nothing else of the error is. */
  extensions?: Record<string, string | number>;
}

/**
 * graphql-js stops coercing variables after 50 wrong values with this error,
 * which Apollo Server leaves without a code: the caller's input, like the 50.
 */
const VARIABLE_ERROR_LIMIT =
  'Too many errors processing variables, error limit reached. Execution aborted.';

/** What the caller is shown of an error as it is; null for an internal error, which is masked. */
function shownAs(error: unknown): ShownError | null {
  const original = unwrapResolverError(error);
  if (original instanceof DomainError) {
    return { message: original.message, code: original.code, extensions: original.extensions };
  }
  if (!(error instanceof GraphQLError)) return null;
  if (original === error && error.message === VARIABLE_ERROR_LIMIT) {
    return { message: error.message, code: 'BAD_USER_INPUT' };
  }
  const code = error.extensions.code;
  return typeof code === 'string' &&
    PASSED_THROUGH.has(code) &&
    (original instanceof GraphQLError || original === error)
    ? { message: error.message, code }
    : null;
}

function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const base = { locations: formatted.locations, path: formatted.path };
  const shown = shownAs(error);
  return shown
    ? { ...base, message: shown.message, extensions: { ...shown.extensions, code: shown.code } }
    : { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/**
 * Reports each error the caller sees masked, under the request's id: the
 * error's kind and where it was thrown, never its message, which may quote
 * input or stored values.
 */
function internalErrorLog(logger: Logger): ApolloServerPlugin<RequestContext> {
  const report = (error: unknown, requestId?: string) => {
    if (shownAs(error)) return;
    logger.error('Internal error', {
      ...(requestId ? { correlation_id: requestId } : {}),
      error: errorFacts(unwrapResolverError(error)),
    });
  };
  return {
    async contextCreationDidFail({ error }) {
      report(error);
    },
    async unexpectedErrorProcessingRequest({ requestContext, error }) {
      report(error, requestContext.contextValue?.requestId);
    },
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) report(error, contextValue.requestId);
        },
      };
    },
  };
}

/**
 * Apollo Server's own log lines, without their words: it prints an unexpected
 * error's message, which may quote input or stored values. internalErrorLog
 * reports such an error by kind and place.
 */
function apolloLogger(logger: Logger): NonNullable<ApolloServerOptions<RequestContext>['logger']> {
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: () => logger.warn('Apollo Server warned (its text is not logged: it may quote data)'),
    error: () => logger.error('Apollo Server failed (its text is not logged: it may quote data)'),
  };
}

/** The one Apollo Server both entry points serve: the local HTTP server and the Lambda handler. */
export function createApolloServer(options: ServerOptions): ApolloServer<RequestContext> {
  const armor = new ApolloArmor({
    maxDepth: { n: 12 },
    maxAliases: { n: 15 },
    maxDirectives: { n: 20 },
    maxTokens: { n: 2_000 },
    costLimit: { maxCost: 5_000 },
    blockFieldSuggestion: { enabled: false },
  });
  const protection = armor.protect();
  const landingPage: ApolloServerPlugin = options.sandbox
    ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
    : ApolloServerPluginLandingPageDisabled();
  return new ApolloServer<RequestContext>({
    typeDefs,
    resolvers: createResolvers(),
    logger: apolloLogger(options.logger),
    introspection: true,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    // Callers authenticate with bearer tokens only, never cookies: a cross-site
    // request carries no credentials, so plain GET queries may stay simple.
    csrfPrevention: false,
    plugins: [
      ...protection.plugins,
      landingPage,
      internalErrorLog(options.logger),
      // Fields without a hint make an answer uncacheable; resolvers/response-cache.ts
      // reads the policy from the Cache-Control header this writes.
      ApolloServerPluginCacheControl({ defaultMaxAge: 0, calculateHttpHeaders: true }),
    ],
    validationRules: protection.validationRules,
    formatError,
  });
}
