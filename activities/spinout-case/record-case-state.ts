// A change of the case's state (and draft), written together with its audit entry.
import { AppError } from '../../domain/errors';
import type { Prisma } from '../../prisma/generated/client';
import { isTerminalStatus } from '../../domain/spinout';
import type { SpinoutCaseActivities } from '../../workflows/contracts/spinout-case';
import { auditEntryOf, recordAuditEntry } from '../audit/record-audit-entry';
import type { DbClockDeps } from './deps';
import { caseFieldsFromDraft, replaceDraftRows } from './draft-rows';

export type RecordCaseStateInput = Parameters<SpinoutCaseActivities['recordCaseState']>[0];

export async function recordCaseState({ db, clock }: DbClockDeps, input: RecordCaseStateInput): Promise<void> {
  const at = clock();
  // The entry goes first: if its key is already there, this event was committed (change and
  // entry in one transaction) and a retry has nothing left to do. A concurrent duplicate waits
  // on the unique index until the first commits, then finds it.
  await db.$transaction(async (tx) => {
    if (await recordAuditEntry(tx, caseStateEntry(input, at))) await applyCaseState(tx, input, at);
  });
}

/** The audit entry of a change of the case's state. */
export const caseStateEntry = (input: RecordCaseStateInput, at: Date) => auditEntryOf(input.event, { entityType: 'SpinoutCase', entityId: input.caseId, at });

/** The change itself, once its entry is known to be new. */
export async function applyCaseState(tx: Prisma.TransactionClient, input: RecordCaseStateInput, at: Date): Promise<void> {
  const draftFields = input.draft ? await caseFieldsFromDraft(tx, input.draft) : {};
  // `version <= input.version` keeps an older state from overwriting a newer one.
  const { count } = await tx.spinoutCase.updateMany({
    where: { id: input.caseId, version: { lte: input.version } },
    data: {
      status: input.status,
      version: input.version,
      currentStepKey: input.currentStepKey,
      ...draftFields,
      ...(input.signingDate !== undefined ? { signingDate: input.signingDate } : {}),
      ...(input.status === 'SUBMITTED' ? { submittedAt: at } : {}),
      ...(isTerminalStatus(input.status) ? { closedAt: at } : {}),
      updatedAt: at,
    },
  });
  if (count === 0) {
    const existing = await tx.spinoutCase.findUnique({ where: { id: input.caseId }, select: { institutionId: true } });
    if (!existing) throw new AppError('NOT_FOUND', `Case ${input.caseId} does not exist`, { details: { caseId: input.caseId } });
    return; // a newer version is recorded already; the entry stays as history
  }
  if (input.draft) {
    const { institutionId } = await tx.spinoutCase.findUniqueOrThrow({ where: { id: input.caseId }, select: { institutionId: true } });
    await replaceDraftRows(tx, { caseId: input.caseId, institutionId, draft: input.draft });
  }
}
