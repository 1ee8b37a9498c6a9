/**
 * The Lambda bundles, measured: each function's bundle built as the stack
 * builds it (cdk/bundling.ts), beside two baselines built the same way
 * (graphql-js alone; Apollo Server and its Lambda adapter with a trivial
 * schema), with its size, its budget and its load time.
 *
 * Load time: the wall time of a fresh Node 22 process running the bundle
 * (importing it, nothing called), minus that of a bare `node -e ''`; the
 * median of several runs, the processes of one run started one after the
 * other so that every bundle meets the same machine.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Metafile } from 'esbuild';
import {
  buildLambdaBundle,
  LAMBDA_FUNCTIONS,
  LAMBDA_NODE,
  PROJECT_ROOT,
  type LambdaBundle,
} from '../cdk/bundling';

export interface BundleFigures {
  bytes: number;
  /** Median milliseconds a fresh Node 22 process takes to load it, above a bare start. */
  loadMs: number;
}

export type BundleKind = 'function' | 'baseline';

/** What went into a bundle, by package (or by the repository's own folder), largest first. */
export interface BundlePart {
  name: string;
  bytes: number;
}

export interface BundleRow extends BundleFigures {
  /** The function's name (cdk/bundling.ts), or the baseline's. */
  name: string;
  kind: BundleKind;
  /** The function's budget; null for a baseline. */
  budgetBytes: number | null;
  /** The largest parts, from esbuild's metafile. */
  largestParts: BundlePart[];
  /** The baselines' figures, on every row, for its ratios. */
  graphqlJs: BundleFigures;
  apolloLambda: BundleFigures;
}

export interface MeasureOptions {
  /** Runs per bundle, the median kept; 9 unless told. */
  runs?: number;
  /** Told what is being done, as it starts. */
  onProgress?: (message: string) => void;
}

const BASELINES = {
  'graphql-js alone': 'bench/baselines/graphql-js.ts',
  'Apollo Server + Lambda adapter': 'bench/baselines/apollo-lambda.ts',
} as const;

const LARGEST_PARTS = 8;

interface Target {
  name: string;
  kind: BundleKind;
  entry: string;
  budgetBytes: number | null;
}

const TARGETS: Target[] = [
  ...Object.entries(LAMBDA_FUNCTIONS).map(([name, fn]) => ({
    name,
    kind: 'function' as const,
    entry: fn.entry,
    budgetBytes: fn.budgetKiB * 1024,
  })),
  ...Object.entries(BASELINES).map(([name, entry]) => ({
    name,
    kind: 'baseline' as const,
    entry,
    budgetBytes: null,
  })),
];

/** Bytes in the bundle by package, the last node_modules segment of each input; the repository's own by folder. */
export function largestParts(metafile: Metafile): BundlePart[] {
  const output = Object.entries(metafile.outputs).find(([file]) => file.endsWith('.mjs'))?.[1];
  const byPart = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const packages = [...input.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)];
    const part = packages.at(-1)?.[1] ?? input.split('/')[0] ?? input;
    byPart.set(part, (byPart.get(part) ?? 0) + bytesInOutput);
  }
  return [...byPart]
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, LARGEST_PARTS);
}

function wallMs(args: string[]): number {
  const started = process.hrtime.bigint();
  const run = spawnSync(LAMBDA_NODE, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${String(run.stderr)}`);
  return elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const upper = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const lower = sorted[Math.ceil(sorted.length / 2) - 1] ?? upper;
  return (lower + upper) / 2;
}

interface Measured {
  target: Target;
  bundle: LambdaBundle;
  loads: number[];
}

function figuresOf(measured: Measured, bareMs: number): BundleFigures {
  return { bytes: measured.bundle.bytes, loadMs: Math.max(0, median(measured.loads) - bareMs) };
}

export async function measureBundles(options: MeasureOptions = {}): Promise<BundleRow[]> {
  const runs = options.runs ?? 9;
  const progress = options.onProgress ?? (() => undefined);
  const dir = await mkdtemp(join(tmpdir(), 'privacy-ops-bundles-'));
  try {
    // A function that takes the AWS SDK from the runtime finds it here, as on Lambda.
    await symlink(join(PROJECT_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const measured: Measured[] = [];
    for (const [index, target] of TARGETS.entries()) {
      progress(`bundling ${target.name}`);
      const bundle = await buildLambdaBundle(target.entry, join(dir, `bundle-${index}`));
      measured.push({ target, bundle, loads: [] });
    }
    const bare: number[] = [];
    for (let run = 1; run <= runs; run += 1) {
      progress(`loading each bundle in a fresh Node 22 process, run ${run} of ${runs}`);
      bare.push(wallMs(['-e', '']));
      for (const each of measured) each.loads.push(wallMs([each.bundle.file]));
    }
    const bareMs = median(bare);
    const baseline = (name: keyof typeof BASELINES): BundleFigures => {
      const found = measured.find((each) => each.target.name === name);
      if (!found) throw new Error(`No baseline ${name}`);
      return figuresOf(found, bareMs);
    };
    const graphqlJs = baseline('graphql-js alone');
    const apolloLambda = baseline('Apollo Server + Lambda adapter');
    return measured.map((each) => ({
      name: each.target.name,
      kind: each.target.kind,
      budgetBytes: each.target.budgetBytes,
      ...figuresOf(each, bareMs),
      largestParts: largestParts(each.bundle.metafile),
      graphqlJs,
      apolloLambda,
    }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
