// POST /deals: a researcher opens a deal for their own result, or a TTO officer opens one on
// behalf of a named lead researcher (a researcher staying in post who licenses to a company).
// The API picks the deal id and reference and the institution's current policy profile (kept
// for life), starts the deal workflow and waits until it has written the deal row.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Db } from '../../activities/infra/db';
import { shanghaiDateOf } from '../../domain/calendar';
import { AppError } from '../../domain/errors';
import type { TDealDraft } from '../../domain/licensing';
import { editDealDraftUpdate } from '../../workflows/contracts/ip-deal';
import { actorOf } from '../auth/access';
import { currentPolicyProfile } from '../cases/create-spinout-case';
import type { Me } from '../deps';
import { fieldError } from '../errors';
import { checkDealReferences } from './deal-references';
import { startDealWorkflow } from './deal-workflow';

/** IP-<year>-<first 8 hex digits of the id>, e.g. IP-2026-5F1C3C0E. */
export const dealReference = (dealId: string, now = Date.now()) =>
  `IP-${shanghaiDateOf(now).slice(0, 4)}-${dealId.replaceAll('-', '').slice(0, 8).toUpperCase()}`;

/** Whose deal it is: the caller's own (a researcher), or the named researcher's (the TTO). */
async function leadResearcherOf(db: Db, me: Me, leadResearcherId: string | undefined) {
  const isTto = me.roles.includes('TTO_OFFICER');
  if (leadResearcherId === undefined || leadResearcherId === me.id) {
    if (me.roles.includes('RESEARCHER')) return { id: me.id, departmentId: me.departmentId };
    if (isTto) throw fieldError('leadResearcherId', 'is required when the tech-transfer office opens a deal on a researcher’s behalf');
    throw new AppError('FORBIDDEN', 'Only a researcher (for their own result) or a TTO_OFFICER (on a researcher’s behalf) may open a deal');
  }
  if (!isTto) throw new AppError('FORBIDDEN', 'Only a TTO_OFFICER may open a deal on another researcher’s behalf');
  const person = await db.person.findUnique({
    where: { id: leadResearcherId },
    select: { id: true, institutionId: true, departmentId: true, roles: true, active: true },
  });
  if (!person || person.institutionId !== me.institutionId) throw fieldError('leadResearcherId', `no person of your institution has id ${leadResearcherId}`);
  if (!person.active) throw fieldError('leadResearcherId', 'the lead researcher’s account is deactivated');
  if (!person.roles.includes('RESEARCHER')) throw fieldError('leadResearcherId', 'the lead researcher must hold the RESEARCHER role');
  return { id: person.id, departmentId: person.departmentId };
}

export async function createIpDeal(
  deps: { db: Db; temporal: Client; taskQueue: string },
  me: Me,
  body: TDealDraft & { leadResearcherId?: string | undefined },
): Promise<{ dealId: string }> {
  const { leadResearcherId, ...draft } = body;
  const lead = await leadResearcherOf(deps.db, me, leadResearcherId);
  await checkDealReferences(deps.db, { institutionId: me.institutionId, leadResearcherId: lead.id, dealId: null }, draft);
  const { id: profileId, profile } = await currentPolicyProfile(deps.db, me.institutionId);
  const dealId = randomUUID();
  const handle = await startDealWorkflow(deps.temporal, deps.taskQueue, {
    dealId,
    reference: dealReference(dealId),
    institutionId: me.institutionId,
    leadResearcherId: lead.id,
    departmentId: lead.departmentId,
    createdById: me.id,
    caseId: draft.caseId ?? null,
    profile,
    profileId,
    draft,
  });
  // The workflow's first act is writing the deal row; its update handlers wait for that, so
  // once this update returns, PostgreSQL has the deal.
  await handle.executeUpdate(editDealDraftUpdate, { args: [{ actor: actorOf(me), draft }] });
  return { dealId };
}
