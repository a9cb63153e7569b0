import { AppError, type AppErrorDetails, type JsonValue } from '../errors';
import type { ValidationIssue } from '../validation';

/**
 * Why a settlement was refused, in `details.reason` of the AppError. All of these are
 * VALIDATION_FAILED (HTTP 400): the figures or the profile given cannot be settled as they
 * are, and `details.issues` names the field (`deductions[2].evidenceDocumentIds`) so a form
 * can show the message beside it. Callers match on `reason`, never on the message.
 */
export const SETTLEMENT_REFUSAL_REASONS = [
  /** The input does not have the required shape (zod issues listed). */
  'INVALID_INPUT',
  /** A split of the profile gives the team less than the law's minimum. */
  'TEAM_SHARE_BELOW_LEGAL_MINIMUM',
  /** The profile's benefit-sharing rules are invalid for another reason. */
  'PROFILE_INVALID',
  /** A deduction's kind is not in the profile's `deductibleCosts`. */
  'DEDUCTION_NOT_ALLOWED',
  /** An OTHER deduction without an evidence document. */
  'EVIDENCE_REQUIRED',
  /** Deductions of a class of income add up to more than its gross income. */
  'DEDUCTIONS_EXCEED_GROSS',
  /** The profile guarantees main contributors a minimum, but no member is marked as one. */
  'MAIN_CONTRIBUTOR_REQUIRED',
  /** Operating profit of a fiscal year outside the profile's 3–5 reward years. */
  'OUTSIDE_SELF_IMPLEMENTATION_YEARS',
] as const;
export type SettlementRefusalReason = (typeof SETTLEMENT_REFUSAL_REASONS)[number];

export function settlementRefusal(
  reason: SettlementRefusalReason,
  issues: readonly ValidationIssue[],
  extra: { readonly [key: string]: JsonValue } = {},
): AppError {
  const message = issues.map((issue) => (issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`)).join('; ');
  const details: AppErrorDetails = {
    reason,
    issues: issues.map((issue) => ({ path: issue.path, message: issue.message })),
    ...extra,
  };
  return new AppError('VALIDATION_FAILED', message === '' ? reason : message, { details });
}

/** A sum invariant failed: a bug, never a user error. */
export function assertInvariant(condition: boolean, message: string): asserts condition {
  if (!condition) throw new AppError('INTERNAL', `Settlement invariant violated: ${message}`);
}
