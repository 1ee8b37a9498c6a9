/**
 * The W3C DPV 2.3 term lists vendored in ../shared/vocab/dpv-2.3 (core, pd,
 * eu-gdpr), and a collector of every DPV IRI a value mentions: full IRIs,
 * prefixed forms such as `dpv:Marketing`, in keys as in values. A record's
 * JSON-LD compact IRIs are resolved by expanding it first (expandOffline).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const VOCABULARY_DIR = join(__dirname, '../../../shared/vocab/dpv-2.3');
const TERM_LISTS = ['dpv.csv', 'pd.csv', 'eu-gdpr.csv'];

const NAMESPACES: Record<string, string> = {
  dpv: 'https://w3id.org/dpv#',
  pd: 'https://w3id.org/dpv/pd#',
  'eu-gdpr': 'https://w3id.org/dpv/legal/eu/gdpr#',
};

/** DPV IRIs that are not terms: the 27560 profile a record conforms to (DPV's schema/dpv-27560). */
const PROFILES = new Set(['https://w3id.org/dpv/schema/dpv-27560#record']);

/** RFC 4180 rows: quoted fields may hold commas, doubled quotes and line breaks. */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += char;
    }
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

function termsOf(file: string): string[] {
  const [header, ...rows] = csvRows(readFileSync(join(VOCABULARY_DIR, file), 'utf8'));
  const column = header?.indexOf('iri') ?? -1;
  if (column < 0) throw new Error(`${file} has no "iri" column`);
  return rows.flatMap((row) => (row[column] ? [row[column]] : []));
}

/** Every IRI of DPV 2.3's core, pd and eu-gdpr lists. */
export const DPV_23_TERMS: ReadonlySet<string> = new Set(TERM_LISTS.flatMap(termsOf));

const FULL_IRI = /https:\/\/w3id\.org\/dpv[^\s"'<>()[\]{},]*/g;
const PREFIXED_IRI = /(?<![\w/.-])(dpv|pd|eu-gdpr):([A-Za-z][\w-]*)/g;

function irisInText(text: string): string[] {
  const full = [...text.matchAll(FULL_IRI)].map(([iri]) => iri.replace(/[.;:]+$/, ''));
  const prefixed = [...text.matchAll(PREFIXED_IRI)].map(
    ([, prefix, name]) => `${NAMESPACES[prefix ?? '']}${name}`,
  );
  return [...full, ...prefixed];
}

/** Every DPV IRI `value` mentions, in object keys and strings alike, expanded. */
export function dpvIrisIn(value: unknown): Set<string> {
  const found = new Set<string>();
  const visit = (node: unknown) => {
    if (typeof node === 'string') {
      irisInText(node).forEach((iri) => found.add(iri));
    } else if (Array.isArray(node)) {
      node.forEach(visit);
    } else if (node && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        irisInText(key).forEach((iri) => found.add(iri));
        visit(child);
      }
    }
  };
  visit(value);
  for (const notTerm of [...PROFILES, ...Object.values(NAMESPACES)]) found.delete(notTerm);
  return found;
}

/** The DPV IRIs `value` mentions that are no term of DPV 2.3. */
export function unknownDpvTerms(value: unknown): string[] {
  return [...dpvIrisIn(value)].filter((iri) => !DPV_23_TERMS.has(iri)).sort();
}
