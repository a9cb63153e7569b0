import { z } from 'zod';
import { AppError } from '../errors';

/**
 * Status of a spin-out case, from draft to signed agreement. The retention clock that
 * follows signing is its own process and has its own states.
 */
export const CASE_STATUSES = [
  'DRAFT',
  'SUBMITTED',
  'IN_REVIEW',
  'RETURNED',
  'PUBLICITY',
  'OBJECTION_REVIEW',
  'AGREEMENT',
  'SIGNED',
  'REJECTED',
  'WITHDRAWN',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const ZCaseStatus = z.enum(CASE_STATUSES);

/**
 * Every allowed move. Anything not listed is refused, including "moving" to the same status:
 * advancing from one approval step to the next keeps the case IN_REVIEW and is not a
 * transition. Withdrawal is possible until the agreement is signed.
 */
const TRANSITIONS = {
  DRAFT: ['SUBMITTED', 'WITHDRAWN'],
  // Submission checks eligibility before the chain starts; an ineligible request is rejected.
  SUBMITTED: ['IN_REVIEW', 'REJECTED', 'WITHDRAWN'],
  // The last approval opens publicity; any step may reject or return for changes.
  IN_REVIEW: ['PUBLICITY', 'RETURNED', 'REJECTED', 'WITHDRAWN'],
  // The researcher edits and resubmits; the chain resumes per the profile's returnRestartsFrom.
  RETURNED: ['SUBMITTED', 'WITHDRAWN'],
  // An objection pauses publicity; no objection by the end of it moves on to the agreement.
  PUBLICITY: ['AGREEMENT', 'OBJECTION_REVIEW', 'WITHDRAWN'],
  // Objection dismissed: publicity resumes. Upheld: the case goes back to review (the chain
  // starts again), or changes are asked for, or it is rejected.
  OBJECTION_REVIEW: ['PUBLICITY', 'IN_REVIEW', 'RETURNED', 'REJECTED', 'WITHDRAWN'],
  AGREEMENT: ['SIGNED', 'WITHDRAWN'],
  SIGNED: [],
  REJECTED: [],
  WITHDRAWN: [],
} as const satisfies Record<CaseStatus, readonly CaseStatus[]>;

export function allowedTransitions(from: CaseStatus): readonly CaseStatus[] {
  return TRANSITIONS[from];
}

export function canTransition(from: CaseStatus, to: CaseStatus): boolean {
  return (TRANSITIONS[from] as readonly CaseStatus[]).includes(to);
}

/** Throws INVALID_TRANSITION (HTTP 409) naming both statuses and the allowed ones. */
export function assertTransition(from: CaseStatus, to: CaseStatus): void {
  if (!canTransition(from, to)) {
    const allowed = allowedTransitions(from);
    throw new AppError(
      'INVALID_TRANSITION',
      `A case cannot move from ${from} to ${to}` + (allowed.length > 0 ? ` (allowed: ${allowed.join(', ')})` : ' (it is closed)'),
      { details: { from, to, allowed: [...allowed] } },
    );
  }
}

export function canWithdraw(status: CaseStatus): boolean {
  return canTransition(status, 'WITHDRAWN');
}

/** SIGNED, REJECTED and WITHDRAWN: nothing more happens to the case itself. */
export function isTerminalStatus(status: CaseStatus): boolean {
  return allowedTransitions(status).length === 0;
}
