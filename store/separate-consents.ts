import type { SeparateConsentScope } from '../domain/constants';
import type { SeparateConsent, SeparateConsentHistoryEntry } from '../domain/types';
import type { Db } from './db';
import { entityOf, getItem, itemOf } from './items';
import { PERSON_ITEM, personKeys } from './keys';
import { queryAll } from './pages';
import type { TransactItem } from './transactions';

const SEPARATE_NULLABLE = ['disclosure'] as const;

/**
 * The new current status of a separate consent and its entry in the
 * append-only history, both in the person's partition, so that an export
 * reads them and an erasure deletes them with everything else of the person.
 */
export function separateConsentWrites(
  db: Db,
  consent: SeparateConsent,
  entry: SeparateConsentHistoryEntry,
  entryId: string,
): { current: TransactItem; history: TransactItem } {
  const first = consent.revision === 1;
  return {
    current: {
      Put: {
        TableName: db.table,
        Item: {
          ...personKeys.separateConsent(consent.subjectId, consent.partnerId, consent.scope),
          ...itemOf(consent),
        },
        ConditionExpression: first ? 'attribute_not_exists(pk)' : 'revision = :previous',
        ExpressionAttributeValues: first ? undefined : { ':previous': consent.revision - 1 },
      },
    },
    history: {
      Put: {
        TableName: db.table,
        Item: {
          ...personKeys.separateConsentHistory(
            entry.subjectId,
            entry.partnerId,
            entry.scope,
            entry.at,
            entryId,
          ),
          ...itemOf(entry),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  };
}

/** The separate consent must still be GRANTED when the write that relies on it lands. */
export function separateConsentGranted(
  db: Db,
  subjectId: string,
  partnerId: string,
  scope: SeparateConsentScope,
): TransactItem {
  return {
    ConditionCheck: {
      TableName: db.table,
      Key: personKeys.separateConsent(subjectId, partnerId, scope),
      ConditionExpression: '#status = :granted',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':granted': 'GRANTED' },
    },
  };
}

export async function getSeparateConsent(
  db: Db,
  subjectId: string,
  partnerId: string,
  scope: SeparateConsentScope,
): Promise<SeparateConsent | null> {
  const item = await getItem(db, personKeys.separateConsent(subjectId, partnerId, scope));
  return item && entityOf<SeparateConsent>(item, SEPARATE_NULLABLE);
}

/** The current status of each of the person's separate consents, by partner and scope. */
export async function listSeparateConsents(db: Db, subjectId: string): Promise<SeparateConsent[]> {
  const items = await queryAll(db, {
    partition: personKeys.partition(subjectId),
    sortPrefix: PERSON_ITEM.separateConsent,
  });
  return items.map((item) => entityOf<SeparateConsent>(item, SEPARATE_NULLABLE));
}

/** The history entries of the person's separate consents, or of one of them, in key order. */
export async function listSeparateConsentHistory(
  db: Db,
  subjectId: string,
  of?: { partnerId: string; scope: SeparateConsentScope },
): Promise<SeparateConsentHistoryEntry[]> {
  const items = await queryAll(db, {
    partition: personKeys.partition(subjectId),
    sortPrefix: of
      ? `${PERSON_ITEM.separateConsentHistory}${of.partnerId}#${of.scope}#`
      : PERSON_ITEM.separateConsentHistory,
  });
  return items.map((item) => entityOf<SeparateConsentHistoryEntry>(item, SEPARATE_NULLABLE));
}
