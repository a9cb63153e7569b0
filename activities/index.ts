// All activities, built from their dependencies (database, storage, mailer, config, clock).
import type { Clock } from './infra/clock';
import type { AppConfig } from './infra/config';
import type { Db } from './infra/db';
import type { Mailer } from './infra/mailer';
import type { Storage } from './infra/storage';
import { createIpDealActivities } from './ip-deal/create-ip-deal-activities';
import { createRetentionClockActivities } from './retention-clock/create-retention-clock-activities';
import { createSettlementActivities } from './settlement/create-settlement-activities';
import { createSmokeActivities } from './smoke';
import { createSpinoutCaseActivities } from './spinout-case/create-spinout-case-activities';

export interface ActivityDeps {
  db: Db;
  storage: Storage;
  mailer: Mailer;
  config: AppConfig;
  clock?: Clock;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createSmokeActivities(deps),
    ...createSpinoutCaseActivities(deps),
    ...createRetentionClockActivities(deps),
    ...createIpDealActivities(deps),
    ...createSettlementActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
