import type { Db } from '../store/db';

/** What the domain needs from its surroundings; tests build their own. */
export interface Services {
  db: Db;
  now: () => Date;
}
