import type { MetricDimensions, MetricName, Telemetry } from '../../domain/services';

export interface RecordedCount {
  name: MetricName;
  value: number;
  dimensions: MetricDimensions;
}

/** Keeps every count, for tests to read. */
export function recordingTelemetry(): Telemetry & { counts: RecordedCount[] } {
  const counts: RecordedCount[] = [];
  return {
    counts,
    count(name, value, dimensions = {}) {
      counts.push({ name, value, dimensions });
    },
  };
}
