/**
 * A completed access request's export as a readable, standalone HTML page,
 * built in the browser from the same JSON the API gives: a heading per
 * section, tables for lists, and no script. The document is built with the
 * DOM and serialised by it, so every value is escaped as text.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const STYLE = `
body { font-family: system-ui, sans-serif; line-height: 1.5; color: #1b1f24; margin: 0; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
table { border-collapse: collapse; width: 100%; margin: 0 0 1rem; }
th, td { text-align: left; vertical-align: top; padding: 0.4rem; border: 1px solid #c4cad3; overflow-wrap: anywhere; }
th { background: #f4f6f8; }
td table { margin: 0; }
`;

/** The fields every export carries, shown at the top rather than as sections. */
const ABOUT = new Set(['kind', 'requestId', 'generatedAt', 'controller']);

function isObject(value: Json): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFlat(value: Json): boolean {
  return (
    !isObject(value) && !(Array.isArray(value) && value.some((item) => typeof item === 'object'))
  );
}

/** `sharingRecords` → "Sharing records". */
export function labelOf(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function singular(label: string): string {
  return label.endsWith('s') ? label.slice(0, -1) : label;
}

function textOf(value: Json): string {
  if (value === null) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.length ? value.map(textOf).join(', ') : 'none';
  return String(value);
}

/** What an item of a list is called in its heading: its title or name, if it has one. */
function nameOf(item: JsonObject): string | null {
  for (const key of ['title', 'name', 'service', 'type']) {
    const value = item[key];
    if (typeof value === 'string' && value) return value;
  }
  for (const key of ['event', 'purpose']) {
    const inner = item[key] ?? null;
    if (isObject(inner)) return nameOf(inner);
  }
  return null;
}

class ExportWriter {
  constructor(private readonly doc: Document) {}

  element<K extends keyof HTMLElementTagNameMap>(
    tag: K,
    text?: string,
    ...children: Node[]
  ): HTMLElementTagNameMap[K] {
    const node = this.doc.createElement(tag);
    if (text !== undefined) node.textContent = text;
    node.append(...children);
    return node;
  }

  heading(level: number, text: string): HTMLElement {
    return this.element(`h${Math.min(level, 6)}` as 'h2', text);
  }

  /** A value as nodes: text, a table of its fields, or a table or headed items for a list. */
  value(value: Json, label: string, level: number): Node[] {
    if (Array.isArray(value) && value.some(isObject)) return this.list(value, label, level);
    if (isObject(value)) return [this.fields(value, level)];
    return [this.element('p', textOf(value))];
  }

  /** An object as a two-column table, one row per field. */
  fields(object: JsonObject, level: number): HTMLTableElement {
    const body = this.element('tbody');
    for (const [key, value] of Object.entries(object)) {
      const header = this.element('th', labelOf(key));
      header.scope = 'row';
      const cell = this.element('td');
      if (isFlat(value)) cell.textContent = textOf(value);
      else cell.append(...this.value(value, labelOf(key), level + 1));
      body.append(this.element('tr', undefined, header, cell));
    }
    return this.element('table', undefined, body);
  }

  /** A list of records: one table when every field is plain, else a heading and table per item. */
  list(items: Json[], label: string, level: number): Node[] {
    const records = items.filter(isObject);
    if (records.length === 0) return [this.element('p', 'None.')];
    if (records.every((record) => Object.values(record).every(isFlat))) {
      const columns = [...new Set(records.flatMap((record) => Object.keys(record)))];
      const head = this.element(
        'tr',
        undefined,
        ...columns.map((column) => {
          const header = this.element('th', labelOf(column));
          header.scope = 'col';
          return header;
        }),
      );
      const rows = records.map((record) =>
        this.element(
          'tr',
          undefined,
          ...columns.map((column) => this.element('td', textOf(record[column] ?? null))),
        ),
      );
      const table = this.element(
        'table',
        undefined,
        this.element('thead', undefined, head),
        this.element('tbody', undefined, ...rows),
      );
      return [table];
    }
    return records.flatMap((record, index) => {
      const name = nameOf(record);
      return [
        this.heading(level, `${singular(label)} ${index + 1}${name ? `: ${name}` : ''}`),
        this.fields(record, level + 1),
      ];
    });
  }
}

/** A complete HTML document of the export, with a policy that lets no script run in it. */
export function exportDocument(exported: unknown): string {
  const data: JsonObject = isObject(exported as Json) ? (exported as JsonObject) : {};
  const controller = isObject(data.controller ?? null) ? (data.controller as JsonObject) : {};
  const holder = typeof controller.name === 'string' ? controller.name : 'us';
  const title = `Your data held by ${holder}`;
  const doc = document.implementation.createHTMLDocument(title);
  const write = new ExportWriter(doc);
  doc.documentElement.lang = 'en';

  const charset = doc.createElement('meta');
  charset.setAttribute('charset', 'utf-8');
  const policy = doc.createElement('meta');
  policy.httpEquiv = 'Content-Security-Policy';
  policy.content = "default-src 'none'; style-src 'unsafe-inline'";
  const viewport = doc.createElement('meta');
  viewport.name = 'viewport';
  viewport.content = 'width=device-width, initial-scale=1';
  doc.head.prepend(charset, policy, viewport);
  doc.head.append(write.element('style', STYLE));

  const main = write.element('main');
  main.append(write.element('h1', title));
  const about: JsonObject = {
    request: data.requestId ?? null,
    generatedAt: data.generatedAt ?? null,
    controller: controller.name ?? null,
    controllerAddress: controller.address ?? null,
  };
  main.append(write.fields(about, 2));
  for (const [key, value] of Object.entries(data)) {
    if (ABOUT.has(key)) continue;
    const section = write.element('section');
    section.append(write.heading(2, labelOf(key)), ...write.value(value, labelOf(key), 3));
    main.append(section);
  }
  doc.body.append(main);
  return `<!DOCTYPE html>\n${doc.documentElement.outerHTML}\n`;
}
