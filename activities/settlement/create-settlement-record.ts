// The settlement's read-model row, written once when its workflow starts.
import type { SettlementActivities } from '../../workflows/contracts/settlement';
import { recordAuditEntry, toJson } from '../audit/record-audit-entry';
import type { DbClockDeps } from '../spinout-case/deps';

export type CreateSettlementRecordInput = Parameters<SettlementActivities['createSettlementRecord']>[0];

export async function createSettlementRecord({ db, clock }: DbClockDeps, input: CreateSettlementRecordInput): Promise<void> {
  const at = clock();
  await db.$transaction(async (tx) => {
    const { count } = await tx.settlement.createMany({
      data: [
        {
          id: input.settlementId,
          reference: input.reference,
          institutionId: input.institutionId,
          dealId: input.dealId,
          workflowId: input.workflowId,
          policyProfileId: input.profileId,
          profileVersion: input.profile.version,
          kind: input.kind,
          periodFrom: input.period.from,
          periodTo: input.period.to,
          status: 'PREPARING',
          createdById: input.createdById,
          draft: toJson(input.draft)!,
          currentStepKey: 'prepare',
          version: 1,
          createdAt: at,
          updatedAt: at,
        },
      ],
      skipDuplicates: true,
    });
    if (count === 0) return; // created by an earlier attempt
    await recordAuditEntry(tx, {
      key: `settlement:${input.settlementId}:created`,
      entityType: 'Settlement',
      entityId: input.settlementId,
      actorId: input.createdById,
      action: 'settlement.created',
      after: { reference: input.reference, dealId: input.dealId, kind: input.kind, period: input.period, profileVersion: input.profile.version },
      at,
    });
  });
}
