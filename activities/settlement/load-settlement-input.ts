// The domain input of computeSettlement, from the read model: the deal and its team (contribution
// shares, main contributors), the income events the draft names, and the draft's deductions,
// equity grant and dates. Refuses what the plan must not contain: income of another deal, income
// already taken by another settlement, evidence that is not a document of the deal or the
// settlement. Everything else (shapes, periods, the profile's rules) is computeSettlement's.
import { AppError } from '../../domain/errors';
import { fenFromBigInt } from '../../domain/money';
import type { TSettlementInputDraft } from '../../domain/settlement';
import type { SettlementActivities } from '../../workflows/contracts/settlement';
import type { Db } from '../infra/db';
import { isUuid } from '../infra/key-uuid';
import type { DbDeps } from '../spinout-case/deps';

export type LoadSettlementInputInput = Parameters<SettlementActivities['loadSettlementInput']>[0];

type Issue = { path: string; message: string };

const invalid = (issues: Issue[]) =>
  new AppError('VALIDATION_FAILED', issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '), { details: { issues } });

/** A team member without an account (an external co-inventor) is settled under a stable id of their row. */
export const externalMemberId = (dealTeamMemberId: string) => `external:${dealTeamMemberId}`;

/** Evidence must be a document of the deal or of the settlement, of the same institution. */
async function checkEvidence(db: Db, scope: { institutionId: string; dealId: string; settlementId: string }, refs: Array<{ path: string; ids: readonly string[] }>) {
  const issues: Issue[] = [];
  const wanted = [...new Set(refs.flatMap((ref) => ref.ids).filter(isUuid))];
  const found = wanted.length === 0
    ? []
    : await db.document.findMany({ where: { id: { in: wanted }, institutionId: scope.institutionId }, select: { id: true, dealId: true, settlementId: true } });
  const ok = new Set(found.filter((doc) => doc.dealId === scope.dealId || doc.settlementId === scope.settlementId).map((doc) => doc.id));
  for (const ref of refs) {
    ref.ids.forEach((id, index) => {
      if (!ok.has(id)) issues.push({ path: `${ref.path}[${index}]`, message: `${id} is not a document of this deal or settlement` });
    });
  }
  if (issues.length > 0) throw invalid(issues);
}

export async function loadSettlementInput({ db }: DbDeps, { settlementId, draft }: LoadSettlementInputInput): Promise<TSettlementInputDraft> {
  const settlement = await db.settlement.findUnique({
    where: { id: settlementId },
    select: {
      id: true,
      institutionId: true,
      dealId: true,
      kind: true,
      periodFrom: true,
      periodTo: true,
      deal: {
        select: {
          id: true,
          reference: true,
          title: true,
          mode: true,
          techContractRegNo: true,
          team: { orderBy: { position: 'asc' }, select: { id: true, personId: true, name: true, contributionShareBp: true, mainContributor: true } },
        },
      },
    },
  });
  if (!settlement) throw new AppError('NOT_FOUND', `Settlement ${settlementId} does not exist`, { details: { settlementId } });

  const ids = draft.incomeEventIds;
  const badIds = ids.flatMap((id, index) => (isUuid(id) ? [] : [{ path: `incomeEventIds[${index}]`, message: 'must be an income event id (uuid)' }]));
  if (badIds.length > 0) throw invalid(badIds);
  const rows = ids.length === 0 ? [] : await db.incomeEvent.findMany({ where: { id: { in: ids } } });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const foreign = ids.flatMap((id, index) => {
    const row = byId.get(id);
    return row && row.dealId === settlement.dealId ? [] : [{ path: `incomeEventIds[${index}]`, message: `${id} is not an income event of deal ${settlement.deal.reference}` }];
  });
  if (foreign.length > 0) throw invalid(foreign);
  const taken = ids.filter((id) => {
    const owner = byId.get(id)!.settlementId;
    return owner !== null && owner !== settlementId;
  });
  if (taken.length > 0) {
    throw new AppError('CONFLICT', `Income event ${taken.join(', ')} is already part of another settlement`, { details: { incomeEventIds: taken } });
  }

  await checkEvidence(db, { institutionId: settlement.institutionId, dealId: settlement.dealId, settlementId }, [
    ...draft.deductions.map((deduction, index) => ({ path: `deductions[${index}].evidenceDocumentIds`, ids: deduction.evidenceDocumentIds ?? [] })),
    ...(draft.equityGrant ? [{ path: 'equityGrant.evidenceDocumentIds', ids: draft.equityGrant.evidenceDocumentIds }] : []),
  ]);

  return {
    settlementId,
    kind: settlement.kind,
    deal: {
      id: settlement.deal.id,
      reference: settlement.deal.reference,
      title: settlement.deal.title,
      mode: settlement.deal.mode,
      techContractRegNo: settlement.deal.techContractRegNo,
      selfImplementationStartedOn: draft.selfImplementationStartedOn,
    },
    period: { from: settlement.periodFrom, to: settlement.periodTo },
    incomeEvents: ids.map((id) => {
      const row = byId.get(id)!;
      return {
        id: row.id,
        dealId: row.dealId,
        kind: row.kind,
        amountFen: fenFromBigInt(row.amountFen, `incomeEvents.${row.id}.amountFen`),
        receivedOn: row.receivedOn,
        evidenceDocumentIds: [...new Set([...(row.evidenceDocumentId ? [row.evidenceDocumentId] : []), ...row.evidenceDocumentIds])],
        fiscalYear: row.fiscalYear,
        note: row.note,
      };
    }),
    deductions: draft.deductions,
    team: settlement.deal.team.map((member) => ({
      personId: member.personId ?? externalMemberId(member.id),
      name: member.name,
      contributionShareBp: member.contributionShareBp,
      mainContributor: member.mainContributor,
    })),
    equityGrant: draft.equityGrant,
    plannedPayoutOn: draft.plannedPayoutOn,
  };
}
