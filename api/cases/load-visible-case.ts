// The case a person asked for, if they may see it: 404 otherwise (never 403, so ids don't leak).
import { AppError } from '../../domain/errors';
import { isTerminalStatus, type CaseStatus } from '../../domain/spinout';
import type { Db } from '../../activities/infra/db';
import { canSeeCase, notFound } from '../auth/access';
import type { Me } from '../deps';

export interface VisibleCase {
  id: string;
  reference: string;
  institutionId: string;
  researcherId: string;
  departmentId: string | null;
  workflowId: string;
  status: CaseStatus;
  version: number;
}

export async function loadVisibleCase(db: Db, me: Me, caseId: string): Promise<VisibleCase> {
  const row = await db.spinoutCase.findUnique({
    where: { id: caseId },
    select: { id: true, reference: true, institutionId: true, researcherId: true, departmentId: true, workflowId: true, status: true, version: true },
  });
  if (!row || !canSeeCase(me, row)) throw notFound('Case', caseId);
  return row;
}

/** Only the researcher who owns the case may do this; staff who can see it get 403. */
export function assertOwner(me: Me, caseRow: VisibleCase, what: string): void {
  if (caseRow.researcherId !== me.id) throw new AppError('FORBIDDEN', `Only the researcher who owns case ${caseRow.reference} may ${what}`);
}

/**
 * A closed case's workflow has finished and takes no more updates; answer 409 here rather than
 * letting Temporal report a missing execution.
 */
export function assertOpen(caseRow: VisibleCase): void {
  if (isTerminalStatus(caseRow.status)) {
    throw new AppError('INVALID_TRANSITION', `Case ${caseRow.reference} is ${caseRow.status} and closed`, { details: { status: caseRow.status } });
  }
}
