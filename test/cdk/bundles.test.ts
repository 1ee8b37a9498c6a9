/**
 * The Lambda bundles, built the way the stack builds them (cdk/bundling.ts):
 * each within its budget, each carrying only what its function runs, and each
 * still running on Node 22 as an ES module. Sizes are deterministic; how fast
 * they load is the benchmark's (bench/bundles.ts).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  buildLambdaBundle,
  LAMBDA_FUNCTIONS,
  LAMBDA_NODE,
  PROJECT_ROOT,
  type LambdaFunctionName,
} from '../../cdk/bundling';
import { DUE_PASS_RESERVE_MS } from '../../lambdas/due-deliveries';
import type { Db } from '../../store/db';
import { createTestDb, TEST_SECRET } from '../support/harness';
import { httpApiEvent } from '../support/lambda-events';

jest.setTimeout(120_000);

const FUNCTIONS = Object.keys(LAMBDA_FUNCTIONS) as LambdaFunctionName[];
const STREAM_HANDLERS: LambdaFunctionName[] = [
  'notice-changes',
  'outbox',
  'due-deliveries',
  'retention',
];

/** Strings only the named code carries. */
const MARKERS = {
  usageReporting: 'traceParsingFailed',
  graphqlJs: 'Syntax Error: ',
  apolloServer: 'apollo-require-preflight',
  streamPump: 'GetShardIterator',
};

/**
 * Imports the bundle in a fresh Node 22 process and calls its handler once,
 * writing the answer to a file: the function's own output (its metrics) has
 * stdout. The context says how long the invocation has left, as Lambda's does.
 */
const INVOKE = `
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const [file, event, answer, timeLeftMs] = process.argv.slice(1);
const { handler } = await import(pathToFileURL(file).href);
if (typeof handler !== 'function') throw new Error('The bundle exports no handler function');
const context = { getRemainingTimeInMillis: () => Number(timeLeftMs) };
writeFileSync(answer, JSON.stringify(await handler(JSON.parse(event), context)));
process.exit(0);
`;

/** Long enough for a whole run of any function. */
const TIME_LEFT_MS = 900_000;

let dir: string;
let db: Db;
const code = {} as Record<LambdaFunctionName, { file: string; bytes: number; text: string }>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'privacy-ops-bundles-'));
  // As on Lambda, a function that takes the AWS SDK from the runtime finds it beside its bundle.
  await symlink(join(PROJECT_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  for (const name of FUNCTIONS) {
    const bundle = await buildLambdaBundle(LAMBDA_FUNCTIONS[name].entry, join(dir, name));
    code[name] = { ...bundle, text: await readFile(bundle.file, 'utf8') };
  }
  db = await createTestDb();
});

afterAll(() => rm(dir, { recursive: true, force: true }));

async function invoke(
  name: LambdaFunctionName,
  event: unknown,
  timeLeftMs = TIME_LEFT_MS,
): Promise<unknown> {
  const answer = join(dir, `${name}-answer.json`);
  await promisify(execFile)(
    LAMBDA_NODE,
    [
      '--input-type=module',
      '-e',
      INVOKE,
      code[name].file,
      JSON.stringify(event),
      answer,
      String(timeLeftMs),
    ],
    {
      env: {
        PATH: process.env.PATH,
        PRIVACY_OPS_TABLE: db.table,
        DYNAMODB_ENDPOINT: process.env.TEST_DYNAMODB_ENDPOINT,
        POWERTOOLS_LOG_LEVEL: 'SILENT',
        PRIVACY_OPS_JWT_SECRET: TEST_SECRET,
        PRIVACY_OPS_MAIL_DIR: join(dir, 'mail'),
        // Keys in the environment, as Lambda gives them: the SDK's default chain reads them first.
        AWS_ACCESS_KEY_ID: 'bundletest',
        AWS_SECRET_ACCESS_KEY: 'bundletest',
      },
    },
  );
  return JSON.parse(await readFile(answer, 'utf8'));
}

describe('the Lambda bundles', () => {
  it.each(FUNCTIONS)('%s weighs no more than its budget', (name) => {
    expect(code[name].bytes).toBeLessThanOrEqual(LAMBDA_FUNCTIONS[name].budgetKiB * 1024);
  });

  it('the GraphQL function carries Apollo Server but not its usage reporting, nor the stream pump', async () => {
    const protobuf = await readFile(
      join(PROJECT_ROOT, 'node_modules/@apollo/usage-reporting-protobuf/generated/esm/protobuf.js'),
      'utf8',
    );
    expect(protobuf).toContain(MARKERS.usageReporting);
    expect(code.graphql.text).toContain(MARKERS.apolloServer);
    expect(code.graphql.text).not.toContain(MARKERS.usageReporting);
    expect(code.graphql.text).not.toContain(MARKERS.streamPump);
  });

  it.each(STREAM_HANDLERS)('%s carries neither graphql-js nor Apollo Server', (name) => {
    expect(code.graphql.text).toContain(MARKERS.graphqlJs);
    expect(code[name].text).not.toContain(MARKERS.graphqlJs);
    expect(code[name].text).not.toContain(MARKERS.apolloServer);
  });

  it('the GraphQL bundle answers a query from DynamoDB on Node 22', async () => {
    const answer = await invoke(
      'graphql',
      httpApiEvent(JSON.stringify({ query: '{ notices { id } }' })),
    );

    expect(answer).toMatchObject({ statusCode: 200 });
    expect(JSON.parse((answer as { body: string }).body)).toEqual({ data: { notices: [] } });
  });

  it('the GraphQL bundle tells a caller their query is too long, as graphql-armor words it', async () => {
    const query = `{ ${Array.from({ length: 2_100 }, () => '__typename').join(' ')} }`;
    const answer = await invoke('graphql', httpApiEvent(JSON.stringify({ query })));

    // One graphql-js in the bundle: armor's GraphQLError is the server's, so it is not masked.
    expect(JSON.parse((answer as { body: string }).body)).toEqual({
      errors: [
        {
          message: 'Syntax Error: Token limit of 2000 exceeded.',
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        },
      ],
    });
  });

  it.each(['notice-changes', 'outbox'] as const)(
    'the %s bundle takes a stream batch on Node 22',
    async (name) => {
      expect(await invoke(name, { Records: [] })).toEqual({ batchItemFailures: [] });
    },
  );

  it('the due deliveries bundle looks for deliveries due in DynamoDB on Node 22', async () => {
    // With no more time left than a pass keeps in reserve, a run makes one pass and ends.
    expect(await invoke('due-deliveries', {}, DUE_PASS_RESERVE_MS)).toEqual({ tried: 0 });
  });

  it('the retention bundle runs the scheduled job against DynamoDB on Node 22', async () => {
    expect(await invoke('retention', {})).toEqual({
      events: 0,
      deidentified: 0,
      unverifiedRequestsRemoved: 0,
      overdueRequests: 0,
    });
  });
});
