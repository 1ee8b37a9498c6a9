import DataLoader from 'dataloader';
import type { Event, Partner, Person, Purpose } from '../domain/types';
import type { Db } from './db';
import { createAttemptRecorder, type Attempt } from './deliveries';
import { getEvents } from './events';
import { getPartners } from './partners';
import { getPeople } from './people';
import { getPurposes } from './purposes';

/**
 * Batched, per-request reads by id: one BatchGetItem for all the partners a
 * page names, say. For a batch of the outbox's stream records, or a pass of
 * the due job, the tries are recorded in as few calls as the batch allows.
 */
export interface Loaders {
  partner: DataLoader<string, Partner | null>;
  purpose: DataLoader<string, Purpose | null>;
  event: DataLoader<string, Event | null>;
  person: DataLoader<string, Person | null>;
  deliveryAttempt: DataLoader<Attempt, boolean>;
}

export function createLoaders(db: Db): Loaders {
  return {
    partner: new DataLoader((ids) => getPartners(db, ids)),
    purpose: new DataLoader((ids) => getPurposes(db, ids)),
    event: new DataLoader((ids) => getEvents(db, ids)),
    person: new DataLoader((ids) => getPeople(db, ids)),
    deliveryAttempt: createAttemptRecorder(db),
  };
}
