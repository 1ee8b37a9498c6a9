import { GraphQLError } from 'graphql';
import type { Caller } from '../domain/caller';
import type { PrivacySignals } from '../domain/consent';
import { UnauthenticatedError } from '../domain/errors';
import { controllerFrom, type Controller } from '../domain/controller';
import { deadlineSettingsFrom } from '../domain/requests/deadlines';
import { freshServices, type Services } from '../domain/services';
import type { Db } from '../store/db';
import { createAuthenticator, type Authenticator, type TokenSettings } from './authenticate';

/** What every resolver of one request sees. */
export interface RequestContext {
  caller: Caller;
  services: Services;
  signals: PrivacySignals;
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
    return {
      caller,
      services: freshServices(api.services),
      signals: { globalPrivacyControl: header('sec-gpc')?.trim() === '1' },
    };
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
  controller?: Controller;
}

export function createApi(settings: ApiSettings): Api {
  return {
    services: freshServices({
      db: settings.db,
      now: settings.now ?? (() => new Date()),
      controller: settings.controller ?? controllerFrom(),
      deadlines: deadlineSettingsFrom(),
    }),
    authenticate: createAuthenticator(settings.tokens),
  };
}
