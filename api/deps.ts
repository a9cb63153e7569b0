// What the API needs from the outside world, passed in so tests can build the app against the
// servers they started.
import type { Client } from '@temporalio/client';
import type { AppConfig } from '../activities/infra/config';
import type { Db } from '../activities/infra/db';
import type { Storage } from '../activities/infra/storage';
import type { Role } from '../domain/policy';

export interface ApiDeps {
  config: AppConfig;
  db: Db;
  storage: Storage;
  temporal: Client;
}

export interface ApiEnv {
  Variables: { deps: ApiDeps };
}

/** The authenticated person, loaded from PostgreSQL on every request (role changes apply at once). */
export interface Me {
  id: string;
  institutionId: string;
  departmentId: string | null;
  name: string;
  email: string;
  roles: Role[];
}

/** Routes behind `requireAuth` see `me` as well. */
export interface AuthEnv {
  Variables: { deps: ApiDeps; me: Me };
}
