/**
 * DynamoDB Local is a JVM: it runs several times faster once it has compiled
 * its hot paths, which takes tens of thousands of requests (raw GetItem of a
 * 17 kB item went 1,676, 3,298, 5,214, 6,353, 6,068 req/s over five loads of
 * 4 s each on a fresh one). A limit measured cold would flatter every ratio.
 */
import { progress, whole } from './report';

/** The path is warm when two bursts in a row fail to beat the best rate so far by this much (one slow burst may be noise). */
const STEADY = 1.1;
const BURSTS_WITHOUT_GAIN = 2;

/**
 * The least warm-up, however steady the rates look: on a busy machine two
 * slow bursts can pass for a steady rate while the JVM is still compiling.
 */
const MIN_SECONDS = 20;

/**
 * Runs `burst` (which answers its rate) for at least 20 s (or `maxSeconds`
 * if less) and until the rate stops rising, at most `maxSeconds`, and says
 * how the rates went.
 */
export async function warmUntilSteady(
  what: string,
  maxSeconds: number,
  burst: () => Promise<number>,
): Promise<void> {
  const minMs = Math.min(MIN_SECONDS, maxSeconds) * 1000;
  const started = performance.now();
  const rates: number[] = [];
  let best = 0;
  let withoutGain = 0;
  for (;;) {
    const rate = await burst();
    rates.push(rate);
    withoutGain = best > 0 && rate < best * STEADY ? withoutGain + 1 : 0;
    best = Math.max(best, rate);
    const elapsed = performance.now() - started;
    const steady = withoutGain >= BURSTS_WITHOUT_GAIN && elapsed >= minMs;
    if (steady || elapsed >= maxSeconds * 1000) {
      progress(
        `${what}: warm-up ${rates.map(whole).join(' → ')}/s${steady ? '' : ` (still rising after ${maxSeconds} s)`}`,
      );
      return;
    }
  }
}
