// A deal with everything around it: assets, team, obligations, royalty periods, amendments,
// income, open tasks, documents, notices and the timeline of the audit entries of the deal and
// of its tasks, notices, objections and amendments. The caller has checked that `me` may see it.
import type { Db } from '../../activities/infra/db';
import { AppError } from '../../domain/errors';
import { isStaff } from '../auth/access';
import { noticesWithObjections, taskInclude, toDocuments, toNoticeWithObjections, toTask } from '../cases/views';
import type { Me } from '../deps';
import { iso, isoOrNull } from '../routes/common.schemas';
import type { TDealDetail } from '../routes/deals.schemas';
import { dealSummarySelect, fen, fenOrNull, toDealSummary } from './views';

export async function getDealDetail(db: Db, me: Me, dealId: string): Promise<TDealDetail> {
  const row = await db.ipDeal.findUnique({
    where: { id: dealId },
    select: {
      ...dealSummarySelect,
      createdById: true,
      terms: true,
      approvalTier: true,
      exchangeResult: true,
      policyProfile: { select: { id: true, version: true, name: true } },
      assets: {
        orderBy: { position: 'asc' },
        select: { allocationBp: true, ipAsset: { select: { id: true, kind: true, title: true, number: true, ownership: true } } },
      },
      team: {
        orderBy: { position: 'asc' },
        select: { personId: true, name: true, contributionShareBp: true, mainContributor: true, counterpartyInterest: true },
      },
      obligations: { orderBy: { position: 'asc' } },
      royalties: { orderBy: { periodStart: 'asc' } },
      amendments: { orderBy: { requestedAt: 'asc' } },
      income: { orderBy: [{ receivedOn: 'asc' }, { createdAt: 'asc' }] },
      tasks: { where: { state: { in: ['OPEN', 'CLAIMED'] } }, orderBy: { createdAt: 'asc' }, include: taskInclude },
      documents: { orderBy: { uploadedAt: 'asc' } },
      notices: noticesWithObjections,
    },
  });
  if (!row) throw new AppError('NOT_FOUND', `Deal ${dealId} was not found`);

  // Audit entries name their entity by id; ids are UUIDs, unique across tables.
  const taskIds = (await db.task.findMany({ where: { dealId }, select: { id: true } })).map((task) => task.id);
  const entityIds = [
    dealId,
    ...taskIds,
    ...row.notices.map((notice) => notice.id),
    ...row.notices.flatMap((notice) => notice.objections.map((objection) => objection.id)),
    ...row.amendments.map((amendment) => amendment.id),
    ...row.obligations.map((obligation) => obligation.id),
    ...row.royalties.map((period) => period.id),
    ...row.income.map((income) => income.id),
  ];
  const audit = await db.auditEntry.findMany({ where: { entityId: { in: entityIds } }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
  const personIds = new Set<string>([row.createdById]);
  for (const entry of audit) if (entry.actorId) personIds.add(entry.actorId);
  for (const amendment of row.amendments) personIds.add(amendment.requestedById);
  const people = new Map(
    (await db.person.findMany({ where: { id: { in: [...personIds] } }, select: { id: true, name: true } })).map((person) => [person.id, person]),
  );
  const person = (id: string) => people.get(id) ?? { id, name: '' };
  // Who objected, and how to reach them, is for the institution's staff only.
  const staff = isStaff(me) && me.institutionId === row.institutionId;
  const now = Date.now();

  return {
    ...toDealSummary(row),
    terms: row.terms,
    approvalTier: row.approvalTier,
    exchangeResult: row.exchangeResult,
    createdBy: person(row.createdById),
    policyProfile: row.policyProfile,
    assets: row.assets.map(({ allocationBp, ipAsset }) => ({
      ipAssetId: ipAsset.id,
      kind: ipAsset.kind,
      title: ipAsset.title,
      number: ipAsset.number,
      ownership: ipAsset.ownership,
      allocationBp,
    })),
    team: row.team,
    obligations: row.obligations.map((obligation) => ({
      key: obligation.key,
      kind: obligation.kind,
      label: obligation.label,
      amountFen: fen(obligation.amountFen, 'amountFen'),
      dueOn: obligation.dueOn,
      status: obligation.status,
      eventOn: obligation.eventOn,
      invoicedOn: obligation.invoicedOn,
      paidOn: obligation.paidOn,
      paidFen: fenOrNull(obligation.paidFen, 'paidFen'),
      waiver:
        obligation.waiverReason === null
          ? null
          : { waivedFen: fen(obligation.waivedFen ?? 0n, 'waivedFen'), reason: obligation.waiverReason, waivedById: obligation.waivedById, waivedOn: obligation.waivedOn },
    })),
    royaltyPeriods: row.royalties.map((period) => ({
      key: period.key,
      periodStart: period.periodStart,
      periodEnd: period.periodEnd,
      reportDueOn: period.reportDueOn,
      status: period.status,
      netSalesFen: fenOrNull(period.netSalesFen, 'netSalesFen'),
      royaltyFen: fenOrNull(period.royaltyFen, 'royaltyFen'),
      reportDocumentId: period.reportDocumentId,
      reportedAt: isoOrNull(period.reportedAt),
    })),
    amendments: row.amendments.map((amendment) => ({
      id: amendment.id,
      status: amendment.status,
      reason: amendment.reason,
      terms: amendment.terms,
      totalValueFen: fen(amendment.totalValueFen, 'totalValueFen'),
      requestedBy: person(amendment.requestedById),
      decidedById: amendment.decidedById,
      requestedAt: iso(amendment.requestedAt),
      decidedAt: isoOrNull(amendment.decidedAt),
    })),
    incomeEvents: row.income.map((income) => ({
      id: income.id,
      kind: income.kind,
      amountFen: fen(income.amountFen, 'amountFen'),
      receivedOn: income.receivedOn,
      obligationKey: income.obligationKey,
      royaltyPeriodKey: income.royaltyPeriodKey,
      evidenceDocumentId: income.evidenceDocumentId,
      recordedById: income.recordedById,
      settled: income.settlementId !== null,
      createdAt: iso(income.createdAt),
    })),
    openTasks: row.tasks.map((task) => toTask(task, now)),
    documents: await toDocuments(db, row.documents),
    notices: row.notices.map((notice) => toNoticeWithObjections(notice, staff)),
    timeline: audit.map((entry) => ({
      id: entry.id,
      at: iso(entry.at),
      action: entry.action,
      actor: entry.actorId ? person(entry.actorId) : null,
      before: entry.before,
      after: entry.after,
    })),
  };
}
