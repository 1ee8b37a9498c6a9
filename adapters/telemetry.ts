/**
 * Logs, metrics and traces, through Powertools for AWS Lambda: the Logger
 * everywhere (one JSON object a line), CloudWatch metrics (EMF) and X-Ray
 * traces on AWS. The domain reports counts through its Telemetry port
 * (`domain/services.ts`); its implementations are here.
 *
 * Nothing logged names a person: no addresses, names, tokens or GraphQL
 * variables, and of an error only its kind and where it was thrown (see
 * `errorFacts`).
 */
import { Logger, LogLevel as LOG_LEVEL } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Context } from 'aws-lambda';
import type { Telemetry } from '../domain/services';

export const SERVICE_NAME = 'privacy-ops';
export const METRICS_NAMESPACE = 'PrivacyOps';

export type LogLevel = (typeof LOG_LEVEL)[keyof typeof LOG_LEVEL];
/** The levels POWERTOOLS_LOG_LEVEL may name. */
export const LOG_LEVELS = Object.values(LOG_LEVEL);

export function createLogger(logLevel: LogLevel, serviceName = SERVICE_NAME): Logger {
  return new Logger({ serviceName, logLevel });
}

export interface ErrorFacts {
  name: string;
  /** A system or SDK error code, e.g. ECONNREFUSED. */
  code?: string;
  /** The first frame of the stack. */
  location?: string;
}

/** What a log line may say about an error: never its message, which may quote input or stored data. */
export function errorFacts(error: unknown): ErrorFacts {
  if (!(error instanceof Error)) return { name: typeof error };
  const code = (error as { code?: unknown }).code;
  const location = /^\s+at (.+)$/m.exec(error.stack ?? '')?.[1];
  return {
    name: error.name,
    ...(typeof code === 'string' ? { code } : {}),
    ...(location ? { location } : {}),
  };
}

/** Telemetry that holds its counts until flushed. */
export interface FlushedTelemetry extends Telemetry {
  flush(): void;
}

/**
 * Counts as CloudWatch EMF: kept per set of dimensions and written when
 * flushed, once per invocation, so that a batch of a hundred deliveries makes
 * one log line rather than a hundred.
 */
export function emfTelemetry(serviceName = SERVICE_NAME): FlushedTelemetry {
  const byDimensions = new Map<string, Metrics>();
  return {
    count(name, value, dimensions = {}) {
      const key = JSON.stringify(Object.entries(dimensions).sort());
      let metrics = byDimensions.get(key);
      if (!metrics) {
        metrics = new Metrics({
          namespace: METRICS_NAMESPACE,
          serviceName,
          defaultDimensions: { ...dimensions },
        });
        byDimensions.set(key, metrics);
      }
      metrics.addMetric(name, MetricUnit.Count, value);
    },
    flush() {
      for (const metrics of byDimensions.values()) {
        if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
      }
    },
  };
}

/** Counts as DEBUG lines of the logger: seen with POWERTOOLS_LOG_LEVEL=DEBUG, out of the way otherwise. */
export function loggedTelemetry(logger: Logger): Telemetry {
  return {
    count(name, value, dimensions = {}) {
      logger.debug('Metric', { metric: name, value, ...dimensions });
    },
  };
}

/** The local runtime's: its logger, and counts on that logger. */
export interface LocalTelemetry {
  logger: Logger;
  metrics: Telemetry;
}

export function localTelemetry(logLevel: LogLevel): LocalTelemetry {
  const logger = createLogger(logLevel);
  return { logger, metrics: loggedTelemetry(logger) };
}

/** A Lambda function's: its logger, EMF metrics and the X-Ray tracer. */
export interface LambdaTelemetry {
  logger: Logger;
  metrics: FlushedTelemetry;
  tracer: Tracer;
}

export function lambdaTelemetry(logLevel: LogLevel, serviceName = SERVICE_NAME): LambdaTelemetry {
  return {
    logger: createLogger(logLevel, serviceName),
    metrics: emfTelemetry(serviceName),
    // Off outside Lambda by itself.
    tracer: new Tracer({ serviceName }),
  };
}

export type LambdaHandler<E, R> = (event: E, context: Context) => Promise<R>;

/**
 * One invocation, observed: the Lambda context (function, request id, cold
 * start) and the event's correlation id in every log line, a trace subsegment
 * around it, and the counts it made flushed as it ends.
 */
export function observed<E, R>(
  telemetry: LambdaTelemetry,
  name: string,
  handle: LambdaHandler<E, R>,
  correlationId?: (event: E) => string | undefined,
): LambdaHandler<E, R> {
  const { logger, metrics, tracer } = telemetry;
  return async (event, context) => {
    logger.addContext(context);
    if (correlationId) logger.setCorrelationId(correlationId(event));
    const segment = tracer.isTracingEnabled() ? tracer.getSegment() : undefined;
    const subsegment = segment?.addNewSubsegment(`## ${name}`);
    if (subsegment) {
      tracer.setSegment(subsegment);
      tracer.annotateColdStart();
      tracer.addServiceNameAnnotation();
    }
    try {
      return await handle(event, context);
    } catch (error) {
      subsegment?.addErrorFlag();
      logger.error('The invocation failed', { error: errorFacts(error) });
      throw error;
    } finally {
      subsegment?.close();
      if (segment) tracer.setSegment(segment);
      metrics.flush();
    }
  };
}

/**
 * A stream record's handling: a failure is logged under the record's eventID
 * and thrown on, for the batch processor to report the record as failed.
 */
export function loggingFailures<R extends { eventID?: string }>(
  logger: Logger,
  handle: (record: R) => Promise<void>,
): (record: R) => Promise<void> {
  return async (record) => {
    try {
      await handle(record);
    } catch (error) {
      logger.error('A stream record failed', {
        correlation_id: record.eventID,
        error: errorFacts(error),
      });
      throw error;
    }
  };
}
