// The case's read-model row, created once when the workflow starts.
import { AppError } from '../../domain/errors';
import type { SpinoutCaseInput } from '../../workflows/contracts/spinout-case';
import { recordAuditEntry } from '../audit/record-audit-entry';
import type { DbClockDeps } from './deps';
import { caseFieldsFromDraft, replaceDraftRows } from './draft-rows';

export async function createCase({ db, clock }: DbClockDeps, input: SpinoutCaseInput & { workflowId: string }): Promise<void> {
  const at = clock();
  await db.$transaction(async (tx) => {
    const fields = await caseFieldsFromDraft(tx, input.draft);
    // INSERT … ON CONFLICT DO NOTHING: a retry, or a second worker running the same attempt,
    // finds the row there and leaves it as it is.
    const { count } = await tx.spinoutCase.createMany({
      data: [
        {
          id: input.caseId,
          reference: input.reference,
          workflowId: input.workflowId,
          institutionId: input.institutionId,
          researcherId: input.researcherId,
          departmentId: input.departmentId,
          policyProfileId: input.profileId,
          status: 'DRAFT',
          version: 1,
          ...fields,
          createdAt: at,
          updatedAt: at,
        },
      ],
      skipDuplicates: true,
    });
    if (count === 0) {
      const existing = await tx.spinoutCase.findUnique({ where: { id: input.caseId }, select: { id: true } });
      if (existing) return;
      throw new AppError('CONFLICT', `Reference ${input.reference} or workflow ${input.workflowId} already belongs to another case`, {
        details: { reference: input.reference, workflowId: input.workflowId },
      });
    }
    await replaceDraftRows(tx, { caseId: input.caseId, institutionId: input.institutionId, draft: input.draft });
    await recordAuditEntry(tx, {
      key: `${input.caseId}:created`,
      entityType: 'SpinoutCase',
      entityId: input.caseId,
      actorId: input.researcherId,
      action: 'case.created',
      after: { status: 'DRAFT', reference: input.reference, profileId: input.profileId, profileVersion: input.profile.version },
      at,
    });
  });
}
