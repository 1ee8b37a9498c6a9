import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import { GraphQLError } from 'graphql';
import type { Caller } from '../domain/caller';
import type { PrivacySignals } from '../domain/consent';
import { UnauthenticatedError } from '../domain/errors';
import { DEFAULT_CONTROLLER, type Controller } from '../domain/controller';
import { createNoticeCache } from '../domain/notice-cache';
import { DEFAULT_DEADLINES, type DeadlineSettings } from '../domain/requests/deadlines';
import { DEFAULT_RETRY_SCHEDULE, type RetrySchedule } from '../domain/retry-schedule';
import { freshServices, NO_TELEMETRY, type Services, type Telemetry } from '../domain/services';
import type { SignInTokens } from '../domain/sign-in';
import type { Db } from '../store/db';
import {
  createAuthenticator,
  createSignInTokens,
  type Authenticator,
  type TokenSettings,
} from './authenticate';

/** What every resolver of one request sees. */
export interface RequestContext {
  caller: Caller;
  services: Services;
  signals: PrivacySignals;
  /** What `signIn` gives a person who entered their code. */
  signInTokens: SignInTokens;
  /** Ties the request's log lines together: API Gateway's request id, or X-Request-Id, or a new one. */
  requestId: string;
  /** When the request reached the API (epoch ms): an answer's max-age counts from then. */
  receivedAt: number;
}

/** The pieces both entry points (local HTTP and Lambda) build a request context from. */
export interface Api {
  services: Services;
  authenticate: Authenticator;
  signInTokens: SignInTokens;
  /** Where the server reports what callers are not shown (internal errors). */
  logger: Logger;
}

export type HeaderLookup = (name: string) => string | undefined;

/** A caller's own request id is used only if it looks like one: it goes into every log line. */
const REQUEST_ID = /^[\w.:-]{1,128}$/;

function requestIdFrom(header: HeaderLookup): string {
  const given = header('x-request-id')?.trim();
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

/** `requestId`: the platform's id of the request, where it gives one (API Gateway's). */
export async function createRequestContext(
  api: Api,
  header: HeaderLookup,
  requestId: string = requestIdFrom(header),
): Promise<RequestContext> {
  const receivedAt = api.services.now().getTime();
  try {
    const caller = await api.authenticate(header('authorization'));
    return {
      caller,
      services: freshServices(api.services),
      signals: { globalPrivacyControl: header('sec-gpc')?.trim() === '1' },
      signInTokens: api.signInTokens,
      requestId,
      receivedAt,
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

/** The Api of the local runtime and the tests; what is left out takes the domain's defaults. */
export interface ApiSettings {
  db: Db;
  tokens: TokenSettings;
  logger: Logger;
  now?: () => Date;
  controller?: Controller;
  deadlines?: DeadlineSettings;
  retrySchedule?: RetrySchedule;
  telemetry?: Telemetry;
  /** How long another process's publication may go unseen (domain/notice-cache.ts). */
  noticeCacheSeconds?: number;
}

export function createApi(settings: ApiSettings): Api {
  const services = freshServices({
    db: settings.db,
    now: settings.now ?? (() => new Date()),
    controller: settings.controller ?? DEFAULT_CONTROLLER,
    deadlines: settings.deadlines ?? DEFAULT_DEADLINES,
    retrySchedule: settings.retrySchedule ?? DEFAULT_RETRY_SCHEDULE,
    telemetry: settings.telemetry ?? NO_TELEMETRY,
    noticeCache: createNoticeCache(settings.noticeCacheSeconds),
  });
  return {
    services,
    authenticate: createAuthenticator(settings.tokens, services),
    signInTokens: createSignInTokens(settings.tokens, services.now),
    logger: settings.logger,
  };
}
