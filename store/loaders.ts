import DataLoader from 'dataloader';
import type { Event, Partner, Person, Purpose } from '../domain/types';
import type { Db } from './db';
import { getEvents } from './events';
import { getPartners } from './partners';
import { getPeople } from './people';
import { getPurposes } from './purposes';

/** Batched, per-request reads by id: one BatchGetItem for all the partners a page names, say. */
export interface Loaders {
  partner: DataLoader<string, Partner | null>;
  purpose: DataLoader<string, Purpose | null>;
  event: DataLoader<string, Event | null>;
  person: DataLoader<string, Person | null>;
}

export function createLoaders(db: Db): Loaders {
  return {
    partner: new DataLoader((ids) => getPartners(db, ids)),
    purpose: new DataLoader((ids) => getPurposes(db, ids)),
    event: new DataLoader((ids) => getEvents(db, ids)),
    person: new DataLoader((ids) => getPeople(db, ids)),
  };
}
