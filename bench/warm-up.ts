/**
 * DynamoDB Local is a JVM: it runs several times faster once it has compiled
 * its hot paths, which takes tens of thousands of requests (raw GetItem of a
 * 17 kB item went 1,676, 3,298, 5,214, 6,353, 6,068 req/s over five loads of
 * 4 s each on a fresh one). A limit measured cold would flatter every ratio.
 */
import { progress, whole } from './report';

/** A burst has warmed the path when its rate is less than this much above the burst before. */
const STEADY = 1.1;

/**
 * Runs `burst` (which answers its rate) until the rate stops rising or
 * `maxSeconds` have passed, and says how the rates went.
 */
export async function warmUntilSteady(
  what: string,
  maxSeconds: number,
  burst: () => Promise<number>,
): Promise<void> {
  const started = performance.now();
  const rates: number[] = [];
  for (;;) {
    const rate = await burst();
    const previous = rates.at(-1);
    rates.push(rate);
    const steady = previous !== undefined && rate < previous * STEADY;
    if (steady || performance.now() - started >= maxSeconds * 1000) {
      progress(
        `${what}: warm-up ${rates.map(whole).join(' → ')}/s${steady ? '' : ` (still rising after ${maxSeconds} s)`}`,
      );
      return;
    }
  }
}
