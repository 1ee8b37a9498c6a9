/** A package a Lambda bundle leaves out, used anyway: a deployment that sees this needs cdk/bundling.ts changed. */
export class LeftOutError extends Error {
  override name = 'LeftOutError';
}

/**
 * What an alias in cdk/bundling.ts puts in place of an export the functions
 * never use: loading it costs nothing, any use (call, construction, property)
 * throws a LeftOutError naming the export and why it was left out.
 */
export function leftOut(name: string, reason: string): unknown {
  const fail = (): never => {
    throw new LeftOutError(
      `${name} is left out of the Lambda bundles (cdk/bundling.ts): ${reason}`,
    );
  };
  return new Proxy(function leftOutExport() {}, {
    apply: fail,
    construct: fail,
    // Symbols are what runtimes and inspectors probe (Symbol.toPrimitive, util.inspect): left unanswered.
    get: (_target, key) => (typeof key === 'symbol' ? undefined : fail()),
  });
}
