/** What every Lambda entry point builds from its settings: telemetry, services, the observed handler. */
import type { Context } from 'aws-lambda';
import { lambdaTelemetry, observed, type LambdaTelemetry } from '../adapters/telemetry';
import { freshServices, type Services } from '../domain/services';
import { createDb } from '../store/db';
import { runningOnLambda, type FunctionSettings } from './settings';

export interface FunctionRuntime {
  telemetry: LambdaTelemetry;
  services: Services;
}

export function functionRuntime(settings: FunctionSettings): FunctionRuntime {
  const telemetry = lambdaTelemetry(settings.logLevel);
  const capture = <T>(client: T): T => telemetry.tracer.captureAWSv3Client(client);
  return {
    telemetry,
    services: freshServices({
      db: createDb({ ...settings.db, captureClient: capture }),
      now: () => new Date(),
      controller: settings.controller,
      deadlines: settings.deadlines,
      retrySchedule: settings.retrySchedule,
      telemetry: telemetry.metrics,
    }),
  };
}

export interface EntryPoint<S extends FunctionSettings, E, R> {
  /** Names the trace subsegment of each invocation. */
  name: string;
  settings: () => S;
  build: (settings: S, runtime: FunctionRuntime) => (event: E, context: Context) => Promise<R>;
  /** The id that ties the invocation's log lines together, when its event carries one. */
  correlationId?: (event: E) => string | undefined;
}

/**
 * A function's handler, built once and kept for the life of the execution
 * environment: settings, then services, then the handler. On Lambda it is
 * built while the module loads, in the init phase, so a setting that is
 * missing or malformed stops the function from starting, with a message
 * naming it; where a test imports the module, on the first call.
 */
export function lambdaEntryPoint<S extends FunctionSettings, E, R>(
  entry: EntryPoint<S, E, R>,
): (event: E, context: Context) => Promise<R> {
  const build = () => {
    const settings = entry.settings();
    const runtime = functionRuntime(settings);
    return observed(
      runtime.telemetry,
      entry.name,
      entry.build(settings, runtime),
      entry.correlationId,
    );
  };
  let handle = runningOnLambda() ? build() : undefined;
  return async (event, context) => {
    handle ??= build();
    return handle(event, context);
  };
}
