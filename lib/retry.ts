/**
 * The one back-off of the project: exponential, capped, with jitter, so that
 * many clients that failed together do not all try again together.
 */
export interface Backoff {
  /** The wait before the first retry, before jitter. */
  baseMs: number;
  /** No wait grows beyond this, before jitter. */
  capMs: number;
}

/**
 * The wait before retry number `retry` (1 for the first): the step doubles
 * from `baseMs` up to `capMs`, and the wait is half the step plus up to half
 * again at random ("equal jitter").
 */
export function backoffMs(retry: number, backoff: Backoff, random: () => number = Math.random) {
  const step = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.max(0, retry - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface RetryOptions extends Backoff {
  /** Tries in all, the first one included. */
  attempts: number;
  /** Whether a failure is worth another try; every failure is when absent. */
  retryable?: (error: unknown) => boolean;
}

/** Runs `work` until it succeeds or the tries run out; the last failure is thrown. */
export async function retry<T>(work: (attempt: number) => Promise<T>, options: RetryOptions) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work(attempt);
    } catch (error) {
      const again = attempt < options.attempts && (options.retryable?.(error) ?? true);
      if (!again) throw error;
      await sleep(backoffMs(attempt, options));
    }
  }
}
