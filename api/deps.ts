// What the API needs from the outside world, passed in so tests can build the app against the
// servers they started.
import type { Client } from '@temporalio/client';
import type { AppConfig } from '../activities/infra/config';
import type { Db } from '../activities/infra/db';
import type { Storage } from '../activities/infra/storage';

export interface ApiDeps {
  config: AppConfig;
  db: Db;
  storage: Storage;
  temporal: Client;
}

export interface ApiEnv {
  Variables: { deps: ApiDeps };
}
