// The smoke workflow's activity: one audit entry per workflow run, written exactly once even
// when Temporal retries the activity (the run id is the idempotency key).
import type { Db } from './infra/db';

export interface SmokeActivityDeps {
  db: Db;
}

export function createSmokeActivities({ db }: SmokeActivityDeps) {
  return {
    async recordSmokeCheck(input: { workflowId: string; runId: string; note: string }): Promise<{ auditEntryId: string }> {
      const entry = await db.auditEntry.upsert({
        where: { idempotencyKey: `smoke:${input.runId}` },
        create: {
          idempotencyKey: `smoke:${input.runId}`,
          action: 'system.smoke',
          entityType: 'workflow',
          entityId: input.workflowId,
          after: { note: input.note },
        },
        update: {},
        select: { id: true },
      });
      return { auditEntryId: entry.id };
    },
  };
}

export type SmokeActivities = ReturnType<typeof createSmokeActivities>;
