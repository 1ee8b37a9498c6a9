/**
 * Each Lambda bundle as the stack builds it: its size against its budget and
 * against a bundle of graphql-js alone, and its load time against graphql-js
 * alone (and, for GraphQL, against Apollo Server with its Lambda adapter).
 */
import { measureBundles } from './bundles';
import { milliseconds, progress, whole, type ResultRow } from './report';
import type { BenchSettings } from './settings';

const KIB = 1024;
const kib = (bytes: number) => `${whole(Math.round(bytes / KIB))} KiB`;

export async function measureLambdaBundles(settings: BenchSettings): Promise<ResultRow[]> {
  const rows = await measureBundles({
    runs: settings.quick ? 5 : 15,
    onProgress: (message) => progress(`bundles: ${message}`),
  });
  return rows.flatMap((row): ResultRow[] => {
    if (row.kind !== 'function' || row.budgetBytes === null) return [];
    const figures = `${kib(row.bytes)}, loads in ${milliseconds(row.loadMs)}`;
    const sized: ResultRow[] = [
      {
        ratio: row.bytes / row.budgetBytes,
        goal: { atMost: 1 },
        measurement: `${row.name} bundle: size against its budget (minified ESM)`,
        project: figures,
        limit: `budget ${kib(row.budgetBytes)}; graphql-js alone ${kib(row.graphqlJs.bytes)}`,
      },
      {
        ratio: row.loadMs / row.graphqlJs.loadMs,
        goal: null,
        measurement: `${row.name} bundle: load time against graphql-js alone`,
        project: figures,
        limit: `graphql-js alone: ${kib(row.graphqlJs.bytes)}, ${milliseconds(row.graphqlJs.loadMs)}`,
      },
    ];
    if (row.name !== 'graphql') return sized;
    return [
      ...sized,
      {
        ratio: row.loadMs / row.apolloLambda.loadMs,
        goal: { atMost: 1.5 },
        measurement: 'graphql bundle: load time against Apollo Server + its Lambda adapter alone',
        project: figures,
        limit: `Apollo Server + Lambda adapter: ${kib(row.apolloLambda.bytes)}, ${milliseconds(row.apolloLambda.loadMs)}`,
      },
    ];
  });
}
