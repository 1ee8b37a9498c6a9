/**
 * The single table's key design. Every item has `pk`/`sk`; items that a query
 * must find by something other than their own key carry `gsiNpk`/`gsiNsk`.
 *
 * | item            | pk                          | sk                  | gsi1 (pk / sk)          | gsi2 (pk / sk)              |
 * | --------------- | --------------------------- | ------------------- | ----------------------- | --------------------------- |
 * | notice          | NOTICE#<id>                 | NOTICE              | NOTICES / <id>          |                             |
 * | notice version  | NOTICE#<id>                 | VERSION#<number:10> |                         |                             |
 * | purpose         | PURPOSES                    | PURPOSE#<id>        |                         |                             |
 * | audit entry     | AUDIT#<entity>#<entityId>   | <at>#<id>           | AUDIT / <at>#<id>       | AUDIT#<entity> / <at>#<id>  |
 */
export const KEY = { pk: 'pk', sk: 'sk' } as const;

export const INDEXES = [
  { name: 'gsi1', pk: 'gsi1pk', sk: 'gsi1sk' },
  { name: 'gsi2', pk: 'gsi2pk', sk: 'gsi2sk' },
  { name: 'gsi3', pk: 'gsi3pk', sk: 'gsi3sk' },
] as const;

export type IndexName = (typeof INDEXES)[number]['name'];

export interface ItemKey {
  pk: string;
  sk: string;
}

const VERSION_DIGITS = 10;

export const noticeKeys = {
  notice: (noticeId: string): ItemKey => ({ pk: `NOTICE#${noticeId}`, sk: 'NOTICE' }),
  listing: (noticeId: string) => ({ gsi1pk: 'NOTICES', gsi1sk: noticeId }),
  version: (noticeId: string, number: number): ItemKey => ({
    pk: `NOTICE#${noticeId}`,
    sk: `VERSION#${String(number).padStart(VERSION_DIGITS, '0')}`,
  }),
  versionPrefix: 'VERSION#',
};

export const purposeKeys = {
  partition: 'PURPOSES',
  purpose: (purposeId: string): ItemKey => ({ pk: 'PURPOSES', sk: `PURPOSE#${purposeId}` }),
};

export const auditKeys = {
  entry: (entity: string, entityId: string, at: string, id: string) => ({
    pk: `AUDIT#${entity}#${entityId}`,
    sk: `${at}#${id}`,
    gsi1pk: 'AUDIT',
    gsi1sk: `${at}#${id}`,
    gsi2pk: `AUDIT#${entity}`,
    gsi2sk: `${at}#${id}`,
  }),
  all: { index: 'gsi1' as const, partition: 'AUDIT' },
  byEntity: (entity: string) => ({ index: 'gsi2' as const, partition: `AUDIT#${entity}` }),
  byEntityId: (entity: string, entityId: string) => `AUDIT#${entity}#${entityId}`,
};

const KEY_ATTRIBUTES = new Set<string>([
  KEY.pk,
  KEY.sk,
  ...INDEXES.flatMap((index) => [index.pk, index.sk]),
]);

/** The stored record without the table's key attributes. */
export function withoutKeys<T>(item: Record<string, unknown>): T {
  return Object.fromEntries(
    Object.entries(item).filter(([name]) => !KEY_ATTRIBUTES.has(name)),
  ) as T;
}
