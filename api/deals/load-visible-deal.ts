// The deal a person asked for, if they may see it — its lead researcher, and the staff of its
// institution — or 404 (never 403, so ids do not leak). Then the checks every action shares,
// in the order the API answers them: who may act (403), then the deal's state (409).
import type { Db } from '../../activities/infra/db';
import { AppError } from '../../domain/errors';
import type { Role } from '../../domain/policy';
import type { DealStatus } from '../../workflows/contracts/ip-deal';
import { isStaff, notFound } from '../auth/access';
import type { Me } from '../deps';

export const visibleDealSelect = {
  id: true,
  reference: true,
  institutionId: true,
  leadResearcherId: true,
  createdById: true,
  departmentId: true,
  caseId: true,
  workflowId: true,
  policyProfileId: true,
  status: true,
  mode: true,
  pricingMethod: true,
  version: true,
} as const;

export interface VisibleDeal {
  id: string;
  reference: string;
  institutionId: string;
  leadResearcherId: string;
  createdById: string;
  departmentId: string | null;
  caseId: string | null;
  workflowId: string;
  policyProfileId: string;
  status: DealStatus;
  mode: 'TRANSFER' | 'LICENCE' | 'EQUITY';
  pricingMethod: 'AGREED' | 'LISTED' | 'AUCTION';
  version: number;
}

/**
 * Statuses in which the deal's workflow has finished: it takes no more updates. An EXPIRED or
 * TERMINATED deal stays open until what it still owes is settled, waived or cancelled by closing
 * it (updateDeal answers 409 once its workflow has completed).
 */
export const CLOSED_DEAL_STATUSES: readonly DealStatus[] = ['REJECTED', 'WITHDRAWN'];

/** A deal (and what hangs off it) is visible to its lead researcher and to its institution's staff. */
export function canSeeDeal(me: Me, deal: { leadResearcherId: string; institutionId: string }): boolean {
  return deal.leadResearcherId === me.id || (deal.institutionId === me.institutionId && isStaff(me));
}

export async function loadVisibleDeal(db: Db, me: Me, dealId: string): Promise<VisibleDeal> {
  const row = await db.ipDeal.findUnique({ where: { id: dealId }, select: visibleDealSelect });
  if (!row || !canSeeDeal(me, row)) throw notFound('Deal', dealId);
  return row;
}

/**
 * The deal's owners — its lead researcher, and whoever opened it on their behalf (a TTO
 * officer) — edit, submit and withdraw it; anyone else who can see it gets 403.
 */
export function assertDealOwner(me: Me, deal: VisibleDeal, what: string): void {
  if (deal.leadResearcherId !== me.id && deal.createdById !== me.id) {
    throw new AppError('FORBIDDEN', `Only the lead researcher of deal ${deal.reference} (or whoever opened it for them) may ${what}`);
  }
}

/** The action belongs to these roles of the deal's institution (the deal is visible already). */
export function requireDealRole(me: Me, deal: VisibleDeal, roles: readonly Role[], what: string): void {
  if (deal.institutionId !== me.institutionId || !roles.some((role) => me.roles.includes(role))) {
    throw new AppError('FORBIDDEN', `Only ${roles.join(' or ')} of the institution may ${what}`);
  }
}

export function assertDealOpen(deal: VisibleDeal): void {
  if (CLOSED_DEAL_STATUSES.includes(deal.status)) {
    throw new AppError('INVALID_TRANSITION', `Deal ${deal.reference} is ${deal.status} and closed`, { details: { status: deal.status } });
  }
}

/** 409 unless the deal is in one of `statuses`; `what` completes "… only while the deal is …". */
export function assertDealStatus(deal: VisibleDeal, statuses: readonly DealStatus[], what: string): void {
  assertDealOpen(deal);
  if (!statuses.includes(deal.status)) {
    throw new AppError('INVALID_TRANSITION', `Deal ${deal.reference} is ${deal.status}; ${what} only while it is ${statuses.join(' or ')}`, {
      details: { status: deal.status },
    });
  }
}

/** Optimistic concurrency against the read model, whose version equals the workflow's. */
export function assertDealVersion(deal: VisibleDeal, expectedVersion: number | undefined): void {
  if (expectedVersion !== undefined && expectedVersion !== deal.version) {
    throw new AppError('STALE_VERSION', `Deal ${deal.reference} changed since you loaded it (version ${expectedVersion}, now ${deal.version}); reload and try again`, {
      details: { expectedVersion, version: deal.version },
    });
  }
}
