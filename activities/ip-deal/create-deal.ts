// The deal's read-model rows (deal, assets, team), created once when its workflow starts.
import { AppError } from '../../domain/errors';
import type { IpDealActivities } from '../../workflows/contracts/ip-deal';
import { recordAuditEntry } from '../audit/record-audit-entry';
import { dealFieldsFromDraft, replaceDealRows } from './deal-rows';
import type { DbClockDeps } from './deps';

export type CreateDealInput = Parameters<IpDealActivities['createDeal']>[0];

export async function createDeal({ db, clock }: DbClockDeps, input: CreateDealInput): Promise<void> {
  const at = clock();
  await db.$transaction(async (tx) => {
    // INSERT … ON CONFLICT DO NOTHING: a retry finds the row there and leaves it as it is.
    const { count } = await tx.ipDeal.createMany({
      data: [
        {
          id: input.dealId,
          reference: input.reference,
          workflowId: input.workflowId,
          institutionId: input.institutionId,
          caseId: input.caseId,
          leadResearcherId: input.leadResearcherId,
          departmentId: input.departmentId,
          createdById: input.createdById,
          policyProfileId: input.profileId,
          status: 'DRAFT',
          version: 1,
          ...dealFieldsFromDraft(input.draft),
          createdAt: at,
          updatedAt: at,
        },
      ],
      skipDuplicates: true,
    });
    if (count === 0) {
      const existing = await tx.ipDeal.findUnique({ where: { id: input.dealId }, select: { id: true } });
      if (existing) return;
      throw new AppError('CONFLICT', `Reference ${input.reference} or workflow ${input.workflowId} already belongs to another deal`, {
        details: { reference: input.reference, workflowId: input.workflowId },
      });
    }
    await replaceDealRows(tx, { dealId: input.dealId, institutionId: input.institutionId, caseId: input.caseId, draft: input.draft });
    await recordAuditEntry(tx, {
      key: `${input.dealId}:created`,
      entityType: 'IpDeal',
      entityId: input.dealId,
      actorId: input.createdById,
      action: 'deal.created',
      after: {
        status: 'DRAFT',
        reference: input.reference,
        leadResearcherId: input.leadResearcherId,
        caseId: input.caseId,
        profileId: input.profileId,
        profileVersion: input.profile.version,
      },
      at,
    });
  });
}
