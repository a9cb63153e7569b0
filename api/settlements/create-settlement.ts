// POST /settlements: the tech-transfer office opens a settlement of one deal for one period
// (or on demand). The API picks the id and reference, takes the policy profile version the deal
// runs under (kept for life), checks the draft's references, starts the settlement workflow and
// sends the first draft, whose plan the workflow computes before the update answers (or, when
// income was taken in between, cancels the settlement it opened and answers 409).
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Db } from '../../activities/infra/db';
import { shanghaiDateOf } from '../../domain/calendar';
import { AppError } from '../../domain/errors';
import { ZPolicyProfile } from '../../domain/policy';
import type { SettlementKind } from '../../domain/settlement';
import { cancelSettlementUpdate, editSettlementDraftUpdate, emptySettlementDraft, type SettlementDraft } from '../../workflows/contracts/settlement';
import { actorOf, notFound } from '../auth/access';
import type { Me } from '../deps';
import { toAppError, validationError } from '../errors';
import { startSettlementWorkflow } from './settlement-workflow';

/** ST-<year>-<first 8 hex digits of the id>, e.g. ST-2026-5F1C3C0E. */
export const settlementReference = (settlementId: string, now = Date.now()) =>
  `ST-${shanghaiDateOf(now).slice(0, 4)}-${settlementId.replaceAll('-', '').slice(0, 8).toUpperCase()}`;

/** Deals with income to settle: active, or ended with income still to distribute. */
export const SETTLEABLE_DEAL_STATUSES = ['ACTIVE', 'TERMINATED', 'EXPIRED', 'COMPLETED'] as const;

export interface CreateSettlementBody extends SettlementDraft {
  dealId: string;
  period: { from: string; to: string };
  kind: SettlementKind;
}

/** Income must be the deal's, unsettled; evidence must be the deal's documents (checked again by the workflow's activity). */
export async function checkDraftReferences(db: Db, scope: { institutionId: string; dealId: string; settlementId: string | null }, draft: Partial<SettlementDraft>): Promise<void> {
  const issues: { path: string; message: string }[] = [];
  const ids = draft.incomeEventIds ?? [];
  if (ids.length > 0) {
    const rows = await db.incomeEvent.findMany({ where: { id: { in: ids } }, select: { id: true, dealId: true, settlementId: true } });
    const byId = new Map(rows.map((row) => [row.id, row]));
    const taken: string[] = [];
    ids.forEach((id, index) => {
      const row = byId.get(id);
      if (!row || row.dealId !== scope.dealId) issues.push({ path: `incomeEventIds[${index}]`, message: `${id} is not an income event of this deal` });
      else if (row.settlementId !== null && row.settlementId !== scope.settlementId) taken.push(id);
    });
    if (issues.length === 0 && taken.length > 0) {
      throw new AppError('CONFLICT', `Income event ${taken.join(', ')} is already part of another settlement`, { details: { incomeEventIds: taken } });
    }
  }
  const refs = [
    ...(draft.deductions ?? []).map((deduction, index) => ({ path: `deductions[${index}].evidenceDocumentIds`, ids: deduction.evidenceDocumentIds ?? [] })),
    ...(draft.equityGrant ? [{ path: 'equityGrant.evidenceDocumentIds', ids: draft.equityGrant.evidenceDocumentIds }] : []),
  ];
  const wanted = [...new Set(refs.flatMap((ref) => ref.ids))];
  if (wanted.length > 0) {
    const docs = await db.document.findMany({ where: { id: { in: wanted }, institutionId: scope.institutionId }, select: { id: true, dealId: true, settlementId: true } });
    const ok = new Set(docs.filter((doc) => doc.dealId === scope.dealId || (scope.settlementId !== null && doc.settlementId === scope.settlementId)).map((doc) => doc.id));
    for (const ref of refs) ref.ids.forEach((id, index) => { if (!ok.has(id)) issues.push({ path: `${ref.path}[${index}]`, message: `${id} is not a document of this deal or settlement` }); });
  }
  if (issues.length > 0) throw validationError(issues);
}

export async function createSettlement(deps: { db: Db; temporal: Client; taskQueue: string }, me: Me, body: Omit<CreateSettlementBody, 'incomeEventIds'> & { incomeEventIds?: string[] | undefined }): Promise<{ settlementId: string }> {
  const { db } = deps;
  if (!me.roles.includes('TTO_OFFICER')) throw new AppError('FORBIDDEN', 'Only a TTO_OFFICER may open a settlement');
  const deal = await db.ipDeal.findUnique({
    where: { id: body.dealId },
    select: { id: true, reference: true, institutionId: true, status: true, policyProfileId: true, policyProfile: { select: { id: true, version: true, rules: true } } },
  });
  if (!deal || deal.institutionId !== me.institutionId) throw notFound('Deal (dealId)', body.dealId);
  if (!(SETTLEABLE_DEAL_STATUSES as readonly string[]).includes(deal.status)) {
    throw new AppError('INVALID_TRANSITION', `Deal ${deal.reference} is ${deal.status}; only an ACTIVE (or terminated or expired) deal has income to settle`, {
      details: { status: deal.status },
    });
  }
  const parsed = ZPolicyProfile.safeParse(deal.policyProfile.rules);
  if (!parsed.success) throw new AppError('INTERNAL', `Policy profile ${deal.policyProfileId} (v${deal.policyProfile.version}) does not validate: ${parsed.error.message}`);

  const incomeEventIds =
    body.incomeEventIds ??
    (
      await db.incomeEvent.findMany({
        where: { dealId: deal.id, settlementId: null, receivedOn: { gte: body.period.from, lte: body.period.to } },
        orderBy: [{ receivedOn: 'asc' }, { createdAt: 'asc' }],
        select: { id: true },
      })
    ).map((row) => row.id);
  const draft: SettlementDraft = {
    ...emptySettlementDraft(),
    incomeEventIds,
    deductions: body.deductions,
    equityGrant: body.equityGrant,
    plannedPayoutOn: body.plannedPayoutOn,
    selfImplementationStartedOn: body.selfImplementationStartedOn,
  };
  await checkDraftReferences(db, { institutionId: deal.institutionId, dealId: deal.id, settlementId: null }, draft);

  const settlementId = randomUUID();
  const handle = await startSettlementWorkflow(deps.temporal, deps.taskQueue, {
    settlementId,
    reference: settlementReference(settlementId),
    institutionId: deal.institutionId,
    dealId: deal.id,
    dealReference: deal.reference,
    createdById: me.id,
    kind: body.kind,
    period: body.period,
    profile: parsed.data,
    profileId: deal.policyProfileId,
    draft: emptySettlementDraft(),
  });
  // The workflow's first act is writing the row; the draft update waits for it, computes the
  // plan and records it, so once this returns PostgreSQL has the settlement with its plan.
  try {
    await handle.executeUpdate(editSettlementDraftUpdate, { args: [{ actor: actorOf(me), draft }] });
  } catch (error) {
    // Refused after the settlement was opened: another settlement took some of the income since
    // the check above. The answer is the refusal (409); the settlement just opened is cancelled
    // with the reason rather than left behind as an empty draft in the TTO's inbox. (Anything
    // other than a refusal may not have failed at all; it is left as it is.)
    const refusal = toAppError(error);
    if (refusal) {
      await handle
        .executeUpdate(cancelSettlementUpdate, { args: [{ actor: actorOf(me), reason: `Not opened: ${refusal.message}`.slice(0, 500) }] })
        .catch(() => undefined); // the refusal is what the caller needs to see; a failed clean-up leaves the draft for the TTO to cancel
    }
    throw error;
  }
  return { settlementId };
}
