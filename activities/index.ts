// All activities, built from their dependencies (database, storage, mailer, clock).
import type { Db } from './infra/db';
import type { Storage } from './infra/storage';
import { createSmokeActivities } from './smoke';

export interface ActivityDeps {
  db: Db;
  storage: Storage;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createSmokeActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
