// What the spin-out case activities are built from.
import type { Clock } from '../infra/clock';
import type { AppConfig } from '../infra/config';
import type { Db } from '../infra/db';
import type { Mailer } from '../infra/mailer';
import type { Storage } from '../infra/storage';

export interface SpinoutCaseDeps {
  db: Db;
  storage: Storage;
  mailer: Mailer;
  config: AppConfig;
  clock?: Clock;
}

export type DbDeps = { db: Db };
export type DbClockDeps = { db: Db; clock: Clock };
