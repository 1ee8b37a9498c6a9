/**
 * How each Lambda function is bundled: the one definition the stack's
 * NodejsFunction bundling, the bundle-size test and the benchmark share.
 *
 * ESM, minified and tree-shaken, for Node 22 on arm64. Packages that publish
 * both module formats are taken as ESM (`mainFields`, and the aliases below
 * where a CommonJS dependant would bring a second copy). What a deployment
 * never runs is aliased to a module of `cdk/aliases/` that throws if it ever
 * is. The AWS SDK v3 is bundled (the versions the lock file pins and the
 * tests ran) wherever the budget allows; see LAMBDA_FUNCTIONS.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { build, type BuildOptions, type Metafile } from 'esbuild';

/** The repository root: entries and aliases are relative to it, as NodejsFunction's projectRoot. */
export const PROJECT_ROOT = path.join(__dirname, '..');

/** Where a function's AWS SDK v3 comes from: its own bundle, or the Lambda runtime's copy. */
export type AwsSdkSource = 'bundled' | 'runtime';

export interface LambdaFunction {
  /** The handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  /** The most its minified bundle may weigh. */
  budgetKiB: number;
  awsSdk: AwsSdkSource;
}

/**
 * Every function the stack deploys. The three that send mail (the outbox,
 * the notice changes' fan-out, which makes each mail's first try, and the
 * due deliveries' job, which makes every later try) take the runtime's SDK:
 * the SES client and nodemailer, on top of the DynamoDB client and the X-Ray
 * tracing every function has, weigh about 590 KiB bundled, over their 512 KiB.
 * What of that it never runs (nodemailer's table of MIME types, the SES
 * client's schemas of operations never called) is reachable code, beyond
 * what aliases or tree-shaking can drop.
 */
export const LAMBDA_FUNCTIONS = {
  graphql: { entry: 'lambdas/graphql.ts', budgetKiB: 1024, awsSdk: 'bundled' },
  'notice-changes': { entry: 'lambdas/notice-changes.ts', budgetKiB: 512, awsSdk: 'runtime' },
  outbox: { entry: 'lambdas/outbox.ts', budgetKiB: 512, awsSdk: 'runtime' },
  'due-deliveries': { entry: 'lambdas/due-deliveries.ts', budgetKiB: 512, awsSdk: 'runtime' },
  retention: { entry: 'lambdas/retention.ts', budgetKiB: 512, awsSdk: 'bundled' },
} as const satisfies Record<string, LambdaFunction>;

export type LambdaFunctionName = keyof typeof LAMBDA_FUNCTIONS;

/** The file NodejsFunction writes an ESM bundle to, in each asset folder. */
export const BUNDLE_FILE = 'index.mjs';

/** The Lambda runtime's Node: nodejs22.x. */
const TARGET = 'node22';

/** The same Node, as the `node` dev dependency installs it: what checks and benchmarks run bundles on. */
export const LAMBDA_NODE = path.join(PROJECT_ROOT, 'node_modules', 'node', 'bin', 'node');

const MAIN_FIELDS = ['module', 'main'];

/** CommonJS dependencies still `require` Node's built-in modules, which an ES module has no `require` for. */
const REQUIRE_BANNER =
  "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

/** What a function leaves to the runtime: the SDK v3 packages the nodejs22.x runtime provides. */
const EXTERNAL: Record<AwsSdkSource, string[]> = {
  bundled: [],
  runtime: ['@aws-sdk/*'],
};

/** Where npm installed a package for the one in `dependantDir` (it may nest a copy of its own), from the root. */
function installed(name: string, dependantDir = '.'): string {
  for (let dir = path.resolve(PROJECT_ROOT, dependantDir); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) {
      return `./${path.relative(PROJECT_ROOT, candidate)}`;
    }
    if (path.dirname(dir) === dir) throw new Error(`${name} is not installed: run npm ci`);
  }
}

/** The file a package's root export gives an ES module importer on Node. */
function esmEntry(packageDir: string): string {
  const manifest = JSON.parse(
    readFileSync(path.join(PROJECT_ROOT, packageDir, 'package.json'), 'utf8'),
  ) as { exports?: { '.'?: { import?: { node?: { default?: unknown } } } } };
  const entry = manifest.exports?.['.']?.import?.node?.default;
  if (typeof entry !== 'string') throw new Error(`${packageDir} exports no ES module for Node`);
  return `./${path.join(packageDir, entry)}`;
}

const APOLLO_SERVER = installed('@apollo/server');

/**
 * One copy of each package the GraphQL function runs: Apollo Server's ESM
 * build for the Lambda adapter too, which `require`s it; graphql-js's ESM
 * parser for graphql-armor too, which names it without an extension (so
 * esbuild would pick the CommonJS file, and with it a second GraphQLError
 * class); the ESM build of lru-cache for Apollo's key-value cache too; one
 * @graphql-tools/utils for both of the tools that nest their own.
 */
const ONE_COPY = {
  '@apollo/server': `${APOLLO_SERVER}/dist/esm`,
  'graphql/language/parser': `${installed('graphql')}/language/parser.mjs`,
  'lru-cache': esmEntry(installed('lru-cache', APOLLO_SERVER)),
  '@graphql-tools/utils': installed(
    '@graphql-tools/utils',
    installed('@graphql-tools/schema', APOLLO_SERVER),
  ),
};

/** What a deployment never runs, each module saying why. */
const LEFT_OUT = {
  '@apollo/usage-reporting-protobuf': './cdk/aliases/apollo-usage-reporting.ts',
  '@apollo/utils.usagereporting': './cdk/aliases/apollo-usage-reporting.ts',
  uuid: './cdk/aliases/apollo-usage-reporting.ts',
  'async-retry': './cdk/aliases/apollo-usage-reporting.ts',
  '@aws-sdk/credential-provider-sso': './cdk/aliases/aws-credential-providers.ts',
  '@aws-sdk/credential-provider-ini': './cdk/aliases/aws-credential-providers.ts',
  '@aws-sdk/credential-provider-process': './cdk/aliases/aws-credential-providers.ts',
  '@aws-sdk/credential-provider-web-identity': './cdk/aliases/aws-credential-providers.ts',
  '@aws-sdk/credential-provider-http': './cdk/aliases/aws-credential-providers.ts',
  '@smithy/credential-provider-imds': './cdk/aliases/aws-credential-providers.ts',
  '@smithy/core/event-streams': './cdk/aliases/aws-event-streams.ts',
  semver: './cdk/aliases/xray-sdk-v2-patcher.ts',
};

/** Node's own modules, taken the cheap way: each module says why. */
const NODE_OWN = {
  '@apollo/utils.createhash': './cdk/aliases/apollo-createhash.ts',
  http: './cdk/aliases/node-http.ts',
  'node:http': './cdk/aliases/node-http.ts',
};

/** Package -> what the bundles take instead, relative to the repository root. */
const ALIASES: Record<string, string> = { ...ONE_COPY, ...LEFT_OUT, ...NODE_OWN };

/** The SDK source of the function at `entry`; an entry no function has (a benchmark's baseline) bundles it. */
function awsSdkOf(entry: string): AwsSdkSource {
  const target = path.resolve(PROJECT_ROOT, entry);
  const found = Object.values(LAMBDA_FUNCTIONS).find(
    (fn) => path.resolve(PROJECT_ROOT, fn.entry) === target,
  );
  return found?.awsSdk ?? 'bundled';
}

/** What NodejsFunction is told for this function: it runs esbuild's command line with these, from the repository root. */
export function nodejsBundling(name: LambdaFunctionName): BundlingOptions {
  const awsSdk = LAMBDA_FUNCTIONS[name].awsSdk;
  return {
    format: OutputFormat.ESM,
    target: TARGET,
    minify: true,
    sourceMap: true,
    sourcesContent: false,
    mainFields: MAIN_FIELDS,
    banner: REQUIRE_BANNER,
    bundleAwsSDK: awsSdk === 'bundled',
    externalModules: EXTERNAL[awsSdk],
    esbuildArgs: {
      '--alias': Object.entries(ALIASES).map(([pkg, replacement]) => `${pkg}=${replacement}`),
    },
  };
}

/** Exactly what NodejsFunction passes to esbuild for the function at `entry`, as options of esbuild's JS API. */
export function esbuildOptions(entry: string, outfile: string): BuildOptions {
  return {
    absWorkingDir: PROJECT_ROOT,
    entryPoints: [path.resolve(PROJECT_ROOT, entry)],
    bundle: true,
    outfile,
    platform: 'node',
    format: 'esm',
    target: TARGET,
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    mainFields: MAIN_FIELDS,
    banner: { js: REQUIRE_BANNER },
    external: EXTERNAL[awsSdkOf(entry)],
    alias: ALIASES,
    logLevel: 'warning',
  };
}

export interface LambdaBundle {
  file: string;
  bytes: number;
  /** esbuild's account of what went into it. */
  metafile: Metafile;
}

/** Bundles `entry` as the stack does, into `outdir/index.mjs`. */
export async function buildLambdaBundle(entry: string, outdir: string): Promise<LambdaBundle> {
  await mkdir(outdir, { recursive: true });
  const file = path.join(outdir, BUNDLE_FILE);
  const { metafile } = await build({ ...esbuildOptions(entry, file), metafile: true });
  return { file, bytes: (await stat(file)).size, metafile };
}
