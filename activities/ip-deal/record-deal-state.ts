// A change of the deal's state (and draft, value, dates…), written with its audit entry in one
// transaction. The entry goes first: if its key is there already, the change was committed and
// a retry has nothing left to do. `version <= input.version` keeps an older state from
// overwriting a newer one.
import { AppError } from '../../domain/errors';
import type { DealStatus, IpDealActivities } from '../../workflows/contracts/ip-deal';
import type { Prisma } from '../../prisma/generated/client';
import { auditEntryOf, recordAuditEntry, toJson } from '../audit/record-audit-entry';
import { dealFieldsFromDraft, replaceDealRows } from './deal-rows';
import type { DbClockDeps } from './deps';

export type RecordDealStateInput = Parameters<IpDealActivities['recordDealState']>[0];

const CLOSED: readonly DealStatus[] = ['REJECTED', 'WITHDRAWN', 'TERMINATED', 'EXPIRED', 'COMPLETED'];
const SUBMISSIONS = ['deal.submitted', 'deal.resubmitted'];

export async function recordDealState({ db, clock }: DbClockDeps, input: RecordDealStateInput): Promise<void> {
  const at = clock();
  await db.$transaction(async (tx) => {
    const fresh = await recordAuditEntry(tx, auditEntryOf(input.event, { entityType: 'IpDeal', entityId: input.dealId, at }));
    if (!fresh) return;
    const current = await tx.ipDeal.findUnique({ where: { id: input.dealId }, select: { institutionId: true, caseId: true, closedAt: true } });
    if (!current) throw new AppError('NOT_FOUND', `Deal ${input.dealId} does not exist`, { details: { dealId: input.dealId } });

    const data: Prisma.IpDealUncheckedUpdateManyInput = {
      status: input.status,
      version: input.version,
      currentStepKey: input.currentStepKey,
      updatedAt: at,
      ...(input.draft ? dealFieldsFromDraft(input.draft) : {}),
      ...(input.totalValueFen !== undefined ? { totalValueFen: BigInt(input.totalValueFen) } : {}),
      ...(input.approvalTier !== undefined ? { approvalTier: toJson(input.approvalTier) } : {}),
      ...(input.exchangeResult ? { exchangeResult: toJson(input.exchangeResult) } : {}),
      ...(input.techContractRegNo !== undefined ? { techContractRegNo: input.techContractRegNo } : {}),
      ...(input.signedOn !== undefined ? { signedOn: input.signedOn } : {}),
      ...(input.effectiveOn !== undefined ? { effectiveOn: input.effectiveOn } : {}),
      ...(input.expiresOn !== undefined ? { expiresOn: input.expiresOn } : {}),
      ...(SUBMISSIONS.includes(input.event.action) ? { submittedAt: at } : {}),
      // The moment the deal closed: the first write of a closing status.
      ...(CLOSED.includes(input.status) && current.closedAt === null ? { closedAt: at } : {}),
    };
    const { count } = await tx.ipDeal.updateMany({ where: { id: input.dealId, version: { lte: input.version } }, data });
    if (count === 0) return; // a newer version is recorded already; the entry stays as history
    if (input.draft) await replaceDealRows(tx, { dealId: input.dealId, institutionId: current.institutionId, caseId: current.caseId, draft: input.draft });
  });
}
