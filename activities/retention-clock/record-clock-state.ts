// The retention clock's read-model row, written together with its audit entry.
import type { RetentionClockActivities } from '../../workflows/contracts/retention-clock';
import { auditEntryOf, recordAuditEntry, toJson } from '../audit/record-audit-entry';
import type { DbClockDeps } from '../spinout-case/deps';

export type RecordClockStateInput = Parameters<RetentionClockActivities['recordClockState']>[0];

export async function recordClockState({ db, clock }: DbClockDeps, input: RecordClockStateInput): Promise<void> {
  const at = clock();
  const { state } = input;
  const row = {
    institutionId: input.institutionId,
    researcherId: input.researcherId,
    status: state.status,
    signingDate: state.signingDate,
    months: state.months,
    expiryDate: state.expiryDate,
    extensionsUsed: state.extensionsUsed,
    profileVersion: state.profileVersion,
    pendingRequest: state.pending?.kind ?? null,
    choice: state.choice,
    escalated: state.escalated,
    outcome: toJson(state.outcome),
    annualReports: toJson(state.annualReports) ?? [],
    nextEventKind: state.next?.kind ?? null,
    nextEventAt: state.next ? new Date(state.next.at) : null,
    version: state.version,
    updatedAt: at,
  };
  await db.$transaction(async (tx) => {
    // Entry first: its key tells a retry that this change was already committed.
    const fresh = await recordAuditEntry(tx, auditEntryOf(input.event, { entityType: 'RetentionClock', entityId: state.caseId, at }));
    if (!fresh) return;
    const { count } = await tx.retentionClock.updateMany({ where: { caseId: state.caseId, version: { lt: state.version } }, data: row });
    if (count === 0) {
      // First write of this clock, or a newer version is there already (then nothing to do).
      await tx.retentionClock.createMany({ data: [{ caseId: state.caseId, ...row }], skipDuplicates: true });
    }
  });
}
