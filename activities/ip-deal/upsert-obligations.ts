// What the counterparty owes, as the workflow tracks it: one row per obligation key, written
// whenever it changes (created, fallen due, overdue, credited, cancelled), each change audited
// once. The workflow is the only writer of a deal's obligations; payments add to `paidFen`
// through recordPayment in the same way.
import { AppError } from '../../domain/errors';
import { fenFromBigInt } from '../../domain/money';
import type { IpDealActivities, Obligation } from '../../workflows/contracts/ip-deal';
import { recordAuditEntry } from '../audit/record-audit-entry';
import { uuidFromKey } from '../infra/key-uuid';
import type { DbClockDeps } from './deps';

export type UpsertObligationsInput = Parameters<IpDealActivities['upsertObligations']>[0];

export const obligationIdOf = (key: string) => uuidFromKey(`obligation:${key}`);

/** Listing order: upfront, patent costs, milestones in order, then the minimum royalty years. */
export function obligationPosition(obligation: Pick<Obligation, 'kind' | 'key'>): number {
  const index = Number(obligation.key.slice(obligation.key.lastIndexOf(':') + 1));
  switch (obligation.kind) {
    case 'UPFRONT': return 0;
    case 'PATENT_COST': return 1;
    case 'MILESTONE': return 100 + (Number.isInteger(index) ? index : 0);
    case 'MINIMUM_ROYALTY': return 1_000 + (Number.isInteger(index) ? index : 0);
  }
}

export async function upsertObligations({ db, clock }: DbClockDeps, input: UpsertObligationsInput): Promise<void> {
  const at = clock();
  await db.$transaction(async (tx) => {
    for (const obligation of input.obligations) {
      const fields = {
        kind: obligation.kind,
        label: obligation.label,
        amountFen: BigInt(obligation.amountFen),
        dueOn: obligation.dueOn,
        status: obligation.status,
        eventOn: obligation.eventOn ?? null,
        paidFen: obligation.paidFen > 0 ? BigInt(obligation.paidFen) : null,
        waivedFen: obligation.waiver ? BigInt(obligation.waiver.waivedFen) : null,
        waiverReason: obligation.waiver?.reason ?? null,
        waivedById: obligation.waiver?.byId ?? null,
        waivedOn: obligation.waiver?.on ?? null,
        position: obligationPosition(obligation),
      };
      const existing = await tx.dealObligation.findUnique({ where: { key: obligation.key } });
      if (existing && existing.dealId !== input.dealId) {
        throw new AppError('CONFLICT', `Obligation ${obligation.key} belongs to another deal`, { details: { key: obligation.key } });
      }
      const view = (row: { amountFen: bigint; dueOn: string | null; status: string; eventOn: string | null; paidFen: bigint | null }) => ({
        amountFen: fenFromBigInt(row.amountFen), dueOn: row.dueOn, status: row.status, eventOn: row.eventOn, paidFen: row.paidFen === null ? 0 : fenFromBigInt(row.paidFen),
      });
      const after = view(fields);
      const before = existing ? view(existing) : null;
      if (before && JSON.stringify(before) === JSON.stringify(after) && existing!.label === fields.label) continue;
      const id = existing?.id ?? obligationIdOf(obligation.key);
      if (existing) await tx.dealObligation.update({ where: { key: obligation.key }, data: fields });
      else await tx.dealObligation.create({ data: { id, key: obligation.key, dealId: input.dealId, ...fields } });
      await recordAuditEntry(tx, {
        key: `obligation:${obligation.key}:${after.status}:${after.amountFen}:${after.dueOn}:${after.paidFen}:${after.eventOn}`,
        entityType: 'DealObligation',
        entityId: id,
        actorId: null,
        action: existing ? (existing.status !== fields.status ? `obligation.${fields.status.toLowerCase()}` : 'obligation.changed') : 'obligation.created',
        before: before ?? undefined,
        after: { dealId: input.dealId, kind: obligation.kind, label: obligation.label, ...after },
        at,
      });
    }
  });
}
