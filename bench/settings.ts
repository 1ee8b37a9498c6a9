import { environmentReader, SettingsError, type Environment } from '../lib/environment';

/** The measurements `npm run bench` knows, in the order it runs them. */
export const SECTIONS = [
  'hot-read',
  'registration',
  'subject-requests',
  'fan-out',
  'lambda-bundles',
  'local-start',
] as const;
export type SectionName = (typeof SECTIONS)[number];

/** What `npm run bench` measures and how long, read from the environment once. */
export interface BenchSettings {
  quick: boolean;
  /** Concurrent connections of every HTTP load (autocannon). */
  connections: number;
  /** At most this many seconds of untimed load before each measurement, until its rate stops rising (warm-up.ts). */
  warmUpSeconds: number;
  /** Seconds each load is measured. */
  loadSeconds: number;
  /** People told about a material change, one fan-out per size. */
  fanOutSizes: number[];
  /** Records of other people in the table while one person's export and erasure are timed (0: alone). */
  otherRecords: number[];
  /** Exports and erasures timed per table (the median is reported), after `subjectWarmups` untimed ones. */
  subjectRepeats: number;
  subjectWarmups: number;
  sections: readonly SectionName[];
}

const MAX_PEOPLE = 1_000_000;

function counts(names: string[] | undefined, variable: string): number[] | undefined {
  return names?.map((name) => {
    const count = Number(name.replaceAll('_', ''));
    if (!Number.isInteger(count) || count < 0 || count > MAX_PEOPLE) {
      throw new SettingsError(`${variable} lists whole numbers up to ${MAX_PEOPLE}, not "${name}"`);
    }
    return count;
  });
}

/**
 * BENCH_QUICK=1: the smaller set (under two minutes). BENCH_SECONDS: seconds
 * per load. BENCH_SIZES: fan-out sizes, e.g. "5000,10000". BENCH_RECORDS:
 * other records around the exported person, e.g. "0,3000". BENCH_ONLY: some
 * sections, e.g. "hot-read,fan-out".
 */
export function readBenchSettings(env: Environment = process.env): BenchSettings {
  const read = environmentReader(env);
  const quick = read.flag('BENCH_QUICK') ?? false;
  const only = read.list('BENCH_ONLY');
  const unknown = only?.filter((name) => !(SECTIONS as readonly string[]).includes(name));
  if (unknown?.length) {
    throw new SettingsError(
      `BENCH_ONLY names ${unknown.join(', ')}: the sections are ${SECTIONS.join(', ')}`,
    );
  }
  const otherRecords =
    counts(read.list('BENCH_RECORDS'), 'BENCH_RECORDS') ??
    (quick ? [0, 3_000] : [0, 3_000, 30_000]);
  return {
    quick,
    connections: 16,
    warmUpSeconds: quick ? 3 : 45,
    loadSeconds: read.integer('BENCH_SECONDS', 1, 600) ?? (quick ? 3 : 10),
    fanOutSizes:
      counts(read.list('BENCH_SIZES'), 'BENCH_SIZES') ??
      (quick ? [2_000] : [5_000, 10_000, 100_000]),
    // "Alone" is what the others are compared with: always measured.
    otherRecords: otherRecords.includes(0) ? otherRecords : [0, ...otherRecords],
    subjectRepeats: quick ? 3 : 40,
    subjectWarmups: quick ? 1 : 5,
    sections: only ? SECTIONS.filter((name) => only.includes(name)) : SECTIONS,
  };
}
