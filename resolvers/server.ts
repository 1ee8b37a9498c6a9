import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { DomainError } from '../domain/errors';
import type { RequestContext } from './context';
import { createResolvers, typeDefs } from './index';

export interface ServerOptions {
  /** Apollo Sandbox at the GraphQL path: for the local server, not for the deployed API. */
  sandbox: boolean;
  /** Where masked internal errors are reported; never to the caller. */
  logError?: (error: unknown) => void;
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

function formatError(logError: (error: unknown) => void) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = { locations: formatted.locations, path: formatted.path };
    if (original instanceof DomainError) {
      return { ...base, message: original.message, extensions: { code: original.code } };
    }
    const code = formatted.extensions?.code;
    if (
      typeof code === 'string' &&
      PASSED_THROUGH.has(code) &&
      (original instanceof GraphQLError || original === error)
    ) {
      return { ...base, message: formatted.message, extensions: { code } };
    }
    logError(original);
    return {
      ...base,
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}

function defaultLogError(error: unknown) {
  // Name and stack only: messages of driver errors may quote stored values.
  const err = error instanceof Error ? error : new Error(String(error));
  console.error(
    JSON.stringify({ level: 'ERROR', message: 'Internal error', name: err.name, stack: err.stack }),
  );
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
    introspection: true,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    // Callers authenticate with bearer tokens only, never cookies: a cross-site
    // request carries no credentials, so plain GET queries may stay simple.
    csrfPrevention: false,
    plugins: [...protection.plugins, landingPage],
    validationRules: protection.validationRules,
    formatError: formatError(options.logError ?? defaultLogError),
  });
}
