// POST /cases: a researcher opens a case. The API picks the case id and reference, the
// institution's current policy profile (the case keeps that version for life), starts the
// case workflow and waits until the workflow has written the case row, so the answer shows it.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Db } from '../../activities/infra/db';
import { shanghaiDateOf } from '../../domain/calendar';
import { AppError } from '../../domain/errors';
import { ZPolicyProfile } from '../../domain/policy';
import type { TSpinoutDraft } from '../../domain/spinout';
import { editDraftUpdate } from '../../workflows/contracts/spinout-case';
import { actorOf, requireRole } from '../auth/access';
import type { Me } from '../deps';
import { fieldError } from '../errors';
import { startCaseWorkflow } from './case-workflow';

/** SW-<year>-<first 8 hex digits of the id>, e.g. SW-2026-5F1C3C0E. */
export const caseReference = (caseId: string, now = Date.now()) =>
  `SW-${shanghaiDateOf(now).slice(0, 4)}-${caseId.replaceAll('-', '').slice(0, 8).toUpperCase()}`;

/** Replaces the draft's maker space with a registered one's name and address. */
export async function withRegisteredMakerSpace(db: Db, draft: TSpinoutDraft, makerSpaceId: string | undefined): Promise<TSpinoutDraft> {
  if (makerSpaceId === undefined) return draft;
  const space = await db.makerSpace.findUnique({ where: { id: makerSpaceId }, select: { name: true, address: true } });
  if (!space) throw fieldError('makerSpaceId', `no registered maker space has id ${makerSpaceId}`);
  return { ...draft, makerSpace: { name: space.name, ...(space.address ? { address: space.address } : {}) } };
}

/** The institution's active profile with the highest version, checked against the schema. */
export async function currentPolicyProfile(db: Db, institutionId: string) {
  const row = await db.policyProfile.findFirst({
    where: { institutionId, active: true },
    orderBy: { version: 'desc' },
    select: { id: true, version: true, rules: true },
  });
  if (!row) throw new AppError('CONFLICT', 'Your institution has no active policy profile yet; an institution admin must create one');
  const parsed = ZPolicyProfile.safeParse(row.rules);
  if (!parsed.success) {
    // Stored rules that no longer parse are a data fault, not the researcher's: 500, logged.
    throw new AppError('INTERNAL', `Policy profile ${row.id} (v${row.version}) does not validate: ${parsed.error.message}`);
  }
  return { id: row.id, profile: parsed.data };
}

export async function createSpinoutCase(
  deps: { db: Db; temporal: Client; taskQueue: string },
  me: Me,
  body: TSpinoutDraft & { makerSpaceId?: string },
): Promise<{ caseId: string }> {
  requireRole(me, 'RESEARCHER', 'open a spin-out case');
  const { makerSpaceId, ...rest } = body;
  const draft = await withRegisteredMakerSpace(deps.db, rest, makerSpaceId);
  const { id: profileId, profile } = await currentPolicyProfile(deps.db, me.institutionId);
  const caseId = randomUUID();
  const handle = await startCaseWorkflow(deps.temporal, deps.taskQueue, {
    caseId,
    reference: caseReference(caseId),
    institutionId: me.institutionId,
    researcherId: me.id,
    departmentId: me.departmentId,
    profile,
    profileId,
    draft,
  });
  // The workflow's first act is writing the case row; its update handlers wait for that, so
  // once this update returns, PostgreSQL has the case.
  await handle.executeUpdate(editDraftUpdate, { args: [{ actor: actorOf(me), draft }] });
  return { caseId };
}
