// One royalty reporting period of a licence: created when it opens (DUE), then REPORTED with
// the licensee's net sales and the royalty, OVERDUE, or WAIVED. Each change of status audited once.
import { AppError } from '../../domain/errors';
import type { IpDealActivities } from '../../workflows/contracts/ip-deal';
import { recordAuditEntry } from '../audit/record-audit-entry';
import { uuidFromKey } from '../infra/key-uuid';
import type { DbClockDeps } from './deps';

export type UpsertRoyaltyPeriodInput = Parameters<IpDealActivities['upsertRoyaltyPeriod']>[0];

export async function upsertRoyaltyPeriod({ db, clock }: DbClockDeps, input: UpsertRoyaltyPeriodInput): Promise<void> {
  const { period } = input;
  const at = clock();
  const reported = input.netSalesFen !== undefined;
  const reportFields = reported
    ? {
        netSalesFen: BigInt(input.netSalesFen!),
        royaltyFen: BigInt(input.royaltyFen ?? 0),
        reportDocumentId: input.documentId ?? null,
        reportedAt: at,
      }
    : {};
  await db.$transaction(async (tx) => {
    const existing = await tx.royaltyPeriod.findUnique({ where: { key: period.key } });
    if (existing && existing.dealId !== input.dealId) throw new AppError('CONFLICT', `Royalty period ${period.key} belongs to another deal`, { details: { key: period.key } });
    const id = existing?.id ?? uuidFromKey(`royalty-period:${period.key}`);
    if (existing) {
      // A report, once in, is not overwritten by a retry of an earlier write.
      if (existing.status === period.status && existing.periodEnd === period.periodEnd && (!reported || existing.reportedAt !== null)) return;
      await tx.royaltyPeriod.update({ where: { key: period.key }, data: { status: period.status, periodEnd: period.periodEnd, reportDueOn: period.reportDueOn, ...(existing.reportedAt === null ? reportFields : {}) } });
    } else {
      await tx.royaltyPeriod.create({
        data: { id, key: period.key, dealId: input.dealId, periodStart: period.periodStart, periodEnd: period.periodEnd, reportDueOn: period.reportDueOn, status: period.status, ...reportFields },
      });
    }
    await recordAuditEntry(tx, {
      key: `royalty-period:${period.key}:${period.status}`,
      entityType: 'RoyaltyPeriod',
      entityId: id,
      actorId: null,
      action: `royalty_period.${period.status.toLowerCase()}`,
      after: {
        dealId: input.dealId,
        periodStart: period.periodStart,
        periodEnd: period.periodEnd,
        reportDueOn: period.reportDueOn,
        ...(reported ? { netSalesFen: input.netSalesFen, royaltyFen: input.royaltyFen ?? 0, documentId: input.documentId ?? null } : {}),
      },
      at,
    });
  });
}
