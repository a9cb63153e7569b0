// An amendment of an active deal: PENDING while its chain decides, then APPROVED, REJECTED or
// WITHDRAWN. One row per key; a decided amendment is not changed again.
import { AppError } from '../../domain/errors';
import type { IpDealActivities } from '../../workflows/contracts/ip-deal';
import { recordAuditEntry, toJson } from '../audit/record-audit-entry';
import { uuidFromKey } from '../infra/key-uuid';
import type { DbClockDeps } from './deps';

export type RecordAmendmentInput = Parameters<IpDealActivities['recordAmendment']>[0];

export async function recordAmendment({ db, clock }: DbClockDeps, input: RecordAmendmentInput): Promise<void> {
  const at = clock();
  const id = uuidFromKey(`amendment:${input.key}`);
  await db.$transaction(async (tx) => {
    const existing = await tx.dealAmendment.findUnique({ where: { key: input.key } });
    if (existing && existing.dealId !== input.dealId) throw new AppError('CONFLICT', `Amendment ${input.key} belongs to another deal`, { details: { key: input.key } });
    if (!existing) {
      await tx.dealAmendment.create({
        data: {
          id,
          key: input.key,
          dealId: input.dealId,
          status: input.status,
          reason: input.reason,
          terms: toJson(input.terms) ?? {},
          totalValueFen: BigInt(input.totalValueFen),
          requestedById: input.requestedById,
          requestedAt: at,
          ...(input.status === 'PENDING' ? {} : { decidedById: input.decidedById ?? null, decidedAt: at }),
        },
      });
    } else {
      if (existing.status === input.status) return; // a retry
      const { count } = await tx.dealAmendment.updateMany({
        where: { key: input.key, status: 'PENDING' },
        data: { status: input.status, decidedById: input.decidedById ?? null, decidedAt: at },
      });
      if (count === 0) throw new AppError('INVALID_TRANSITION', `Amendment ${input.key} is ${existing.status} and cannot become ${input.status}`, { details: { from: existing.status, to: input.status } });
    }
    await recordAuditEntry(tx, {
      key: `amendment:${input.key}:${input.status}`,
      entityType: 'DealAmendment',
      entityId: existing?.id ?? id,
      actorId: input.status === 'PENDING' ? input.requestedById : (input.decidedById ?? null),
      action: `amendment.${input.status.toLowerCase()}`,
      after: { dealId: input.dealId, reason: input.reason, totalValueFen: input.totalValueFen },
      at,
    });
  });
}
