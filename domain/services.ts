import type { Db } from '../store/db';
import { createLoaders, type Loaders } from '../store/loaders';
import type { Controller } from './controller';
import type { DeadlineSettings } from './requests/deadlines';

/** What the domain needs from its surroundings; tests build their own. */
export interface Services {
  db: Db;
  now: () => Date;
  controller: Controller;
  deadlines: DeadlineSettings;
  /** Per request (or per job run): a cache that must not outlive it. */
  loaders: Loaders;
}

/** The same services with empty loaders, for one request or one job run. */
export function freshServices(base: Omit<Services, 'loaders'>): Services {
  return {
    db: base.db,
    now: base.now,
    controller: base.controller,
    deadlines: base.deadlines,
    loaders: createLoaders(base.db),
  };
}
