// A payment received under a deal: an IncomeEvent for the benefit-sharing settlement and, for
// an obligation, what is now paid on it — in one transaction, once per key (a retried or
// repeated recording books nothing more).
import { AppError } from '../../domain/errors';
import type { IpDealActivities } from '../../workflows/contracts/ip-deal';
import type { ObligationKind } from '../../prisma/generated/client';
import { recordAuditEntry } from '../audit/record-audit-entry';
import { uuidFromKey } from '../infra/key-uuid';
import type { DbClockDeps } from './deps';

export type RecordPaymentInput = Parameters<IpDealActivities['recordPayment']>[0];

/** Income that is not a fee or royalty for the result says what it is (settlements read the note). */
const NOTES: Partial<Record<ObligationKind, string>> = {
  PATENT_COST: '专利费用补偿 / patent-cost reimbursement (a recovery of costs, not income from the result)',
};

export const incomeEventIdOf = (key: string) => uuidFromKey(`income:${key}`);

export async function recordPayment({ db, clock }: DbClockDeps, input: RecordPaymentInput): Promise<void> {
  if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0) {
    throw new AppError('VALIDATION_FAILED', 'amountFen: must be a whole number of fen above zero', { details: { field: 'amountFen' } });
  }
  const at = clock();
  await db.$transaction(async (tx) => {
    const obligation = input.obligationKey ? await tx.dealObligation.findUnique({ where: { key: input.obligationKey } }) : null;
    if (input.obligationKey && (!obligation || obligation.dealId !== input.dealId)) {
      throw new AppError('NOT_FOUND', `Obligation ${input.obligationKey} is not an obligation of deal ${input.dealId}`, { details: { field: 'obligationKey' } });
    }
    const note = obligation ? (NOTES[obligation.kind] ?? null) : input.kind === 'OTHER' ? '其他合同收入 / other income under the contract' : null;
    const id = incomeEventIdOf(input.key);
    const { count } = await tx.incomeEvent.createMany({
      data: [
        {
          id,
          key: input.key,
          institutionId: input.institutionId,
          dealId: input.dealId,
          kind: input.kind,
          amountFen: BigInt(input.amountFen),
          receivedOn: input.receivedOn,
          obligationKey: input.obligationKey ?? null,
          royaltyPeriodKey: input.royaltyPeriodKey ?? null,
          evidenceDocumentId: input.evidenceDocumentId ?? null,
          note,
          recordedById: input.recordedById,
          createdAt: at,
        },
      ],
      skipDuplicates: true,
    });
    if (count === 0) return; // booked by an earlier attempt
    if (obligation) {
      const paidFen = (obligation.paidFen ?? 0n) + BigInt(input.amountFen);
      await tx.dealObligation.update({
        where: { key: obligation.key },
        data: { paidFen, paidOn: input.receivedOn, ...(paidFen >= obligation.amountFen ? { status: 'PAID' } : {}) },
      });
    }
    await recordAuditEntry(tx, {
      key: `income:${input.key}:recorded`,
      entityType: 'IpDeal',
      entityId: input.dealId,
      actorId: input.recordedById,
      action: 'deal.payment_recorded',
      after: {
        incomeEventId: id,
        kind: input.kind,
        amountFen: input.amountFen,
        receivedOn: input.receivedOn,
        obligationKey: input.obligationKey ?? null,
        royaltyPeriodKey: input.royaltyPeriodKey ?? null,
        evidenceDocumentId: input.evidenceDocumentId ?? null,
      },
      at,
    });
  });
}
