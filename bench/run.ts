/**
 * `npm run bench`: privacy-ops against its physical limits, measured side by
 * side in one run (docs/benchmarks.md). Progress goes to stderr; the machine
 * and one table of results, ratio first, to stdout at the end.
 */
import { SettingsError } from '../lib/environment';
import { measureFanOut } from './fan-out';
import { measureHotRead } from './hot-read';
import { measureLambdaBundles } from './lambda-bundles';
import { measureLocalStart } from './local-start';
import { describeMachine, loadAverage } from './machine';
import { measureRegistration } from './registration';
import { measureSubjectRequests } from './subject-requests';
import { progress, resultTable, type ResultRow } from './report';
import { readBenchSettings, type BenchSettings, type SectionName } from './settings';

const MEASUREMENTS: Record<SectionName, (settings: BenchSettings) => Promise<ResultRow[]>> = {
  'hot-read': measureHotRead,
  registration: measureRegistration,
  'subject-requests': measureSubjectRequests,
  'fan-out': measureFanOut,
  'lambda-bundles': measureLambdaBundles,
  'local-start': measureLocalStart,
};

async function main() {
  const settings = readBenchSettings();
  const machine = describeMachine();
  for (const line of machine) progress(line);
  const rows: ResultRow[] = [];
  for (const section of settings.sections) {
    progress(`${section}: starting`);
    try {
      rows.push(...(await MEASUREMENTS[section](settings)));
    } catch (error) {
      process.exitCode = 1;
      progress(
        `${section}: FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
  }
  console.log(
    [
      `privacy-ops benchmark${settings.quick ? ' (BENCH_QUICK)' : ''}`,
      '',
      ...machine.map((line) => `- ${line}`),
      `- load average at end (1, 5, 15 min): ${loadAverage()}`,
      '',
      resultTable(rows),
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof SettingsError ? error.message : error);
  process.exit(1);
});
