// The settlement a person asked for, if they may see it — staff of its institution, and the
// people in its plan (the deal's team members with an account) — or 404 (never 403, so ids do
// not leak). Then the checks every action shares, in the order the API answers them: who may
// act (403), then the settlement's state (409).
import type { Db } from '../../activities/infra/db';
import { AppError } from '../../domain/errors';
import type { Role } from '../../domain/policy';
import { CLOSED_SETTLEMENT_STATUSES, type SettlementStatus } from '../../workflows/contracts/settlement';
import { isStaff, notFound } from '../auth/access';
import type { Me } from '../deps';

export interface VisibleSettlement {
  id: string;
  reference: string;
  institutionId: string;
  dealId: string;
  workflowId: string;
  status: SettlementStatus;
  version: number;
  createdById: string;
  /** STAFF sees the whole plan; PERSON (someone in the plan) only their own part. */
  viewer: 'STAFF' | 'PERSON';
}

const select = { id: true, reference: true, institutionId: true, dealId: true, workflowId: true, status: true, version: true, createdById: true } as const;

/** Staff of the institution see its settlements; a researcher those of deals whose team they are on. */
export async function loadVisibleSettlement(db: Db, me: Me, settlementId: string): Promise<VisibleSettlement> {
  const row = await db.settlement.findUnique({ where: { id: settlementId }, select });
  if (!row) throw notFound('Settlement', settlementId);
  if (row.institutionId === me.institutionId && isStaff(me)) return { ...row, viewer: 'STAFF' };
  const member = await db.dealTeamMember.count({ where: { dealId: row.dealId, personId: me.id } });
  if (member > 0) return { ...row, viewer: 'PERSON' };
  throw notFound('Settlement', settlementId);
}

/** The action belongs to these roles of the settlement's institution (the settlement is visible already). */
export function requireSettlementRole(me: Me, settlement: VisibleSettlement, roles: readonly Role[], what: string): void {
  if (settlement.institutionId !== me.institutionId || !roles.some((role) => me.roles.includes(role))) {
    throw new AppError('FORBIDDEN', `Only ${roles.join(' or ')} of the institution may ${what}`);
  }
}

/** 409 unless the settlement is in one of `statuses`; `what` completes "… only while it is …". */
export function assertSettlementStatus(settlement: VisibleSettlement, statuses: readonly SettlementStatus[], what: string): void {
  if (CLOSED_SETTLEMENT_STATUSES.includes(settlement.status) || !statuses.includes(settlement.status)) {
    throw new AppError('INVALID_TRANSITION', `Settlement ${settlement.reference} is ${settlement.status}; ${what} only while it is ${statuses.join(' or ')}`, {
      details: { status: settlement.status },
    });
  }
}

/** Optimistic concurrency against the read model, whose version equals the workflow's. */
export function assertSettlementVersion(settlement: VisibleSettlement, expectedVersion: number | undefined): void {
  if (expectedVersion !== undefined && expectedVersion !== settlement.version) {
    throw new AppError(
      'STALE_VERSION',
      `Settlement ${settlement.reference} changed since you loaded it (version ${expectedVersion}, now ${settlement.version}); reload and try again`,
      { details: { expectedVersion, version: settlement.version } },
    );
  }
}
