import { GraphQLError } from 'graphql';
import type { Caller } from '../domain/caller';
import { UnauthenticatedError } from '../domain/errors';
import type { Services } from '../domain/services';
import type { Db } from '../store/db';
import { createAuthenticator, type Authenticator, type TokenSettings } from './authenticate';

/** What every resolver of one request sees. */
export interface RequestContext {
  caller: Caller;
  services: Services;
}

/** The pieces both entry points (local HTTP and Lambda) build a request context from. */
export interface Api {
  services: Services;
  authenticate: Authenticator;
}

export type HeaderLookup = (name: string) => string | undefined;

export async function createRequestContext(
  api: Api,
  header: HeaderLookup,
): Promise<RequestContext> {
  try {
    const caller = await api.authenticate(header('authorization'));
    return { caller, services: api.services };
  } catch (error) {
    // Thrown before any resolver runs, so it needs its code and HTTP status here.
    if (error instanceof UnauthenticatedError) {
      throw new GraphQLError(error.message, {
        extensions: { code: error.code, http: { status: 401 } },
      });
    }
    throw error;
  }
}

export interface ApiSettings {
  db: Db;
  tokens: TokenSettings;
  now?: () => Date;
}

export function createApi(settings: ApiSettings): Api {
  return {
    services: { db: settings.db, now: settings.now ?? (() => new Date()) },
    authenticate: createAuthenticator(settings.tokens),
  };
}
