import DataLoader from 'dataloader';
import type { Db } from './db';
import { getEvents, type EventRecord } from './events';
import { getPartners, type PartnerRecord } from './partners';
import { getPeople, type PersonRecord } from './people';
import { getPurposes, type PurposeRecord } from './purposes';

/** Batched, per-request reads by id: one BatchGetItem for all the partners a page names, say. */
export interface Loaders {
  partner: DataLoader<string, PartnerRecord | null>;
  purpose: DataLoader<string, PurposeRecord | null>;
  event: DataLoader<string, EventRecord | null>;
  person: DataLoader<string, PersonRecord | null>;
}

export function createLoaders(db: Db): Loaders {
  return {
    partner: new DataLoader((ids) => getPartners(db, ids)),
    purpose: new DataLoader((ids) => getPurposes(db, ids)),
    event: new DataLoader((ids) => getEvents(db, ids)),
    person: new DataLoader((ids) => getPeople(db, ids)),
  };
}
