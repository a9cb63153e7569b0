import type { Fen } from '../money/fen';
import { licensingApproverFor } from '../policy/licensing-approver-for';
import type { TApprovalStep, TPolicyProfile } from '../policy/policy-profile';

/**
 * The approval chain of a deal worth `totalValueFen`: the profile's review step, then the
 * approver of the amount tier (e.g. ≤ ¥2M the TTO, ¥2–5M a vice-president, ≥ ¥5M 校长办公会).
 * When the tier's approver is the reviewing role itself, the review is the decision (one step).
 * Step keys are stable: `tto-review` (the profile's review key) and `tier-<index>`.
 */
export function dealApprovalSteps({ profile, totalValueFen }: { profile: TPolicyProfile; totalValueFen: Fen }): TApprovalStep[] {
  const { review, approvalTiers, tierDueDays } = profile.licensing;
  const tier = licensingApproverFor({ profile, amountFen: totalValueFen });
  if (tier.approverRole === review.role) return [{ ...review, label: { zh: `${review.label.zh}（${tier.label.zh}）`, en: `${review.label.en} (${tier.label.en})` } }];
  return [
    review,
    {
      key: `tier-${approvalTiers.indexOf(tier)}`,
      role: tier.approverRole,
      label: tier.label,
      dueDays: tierDueDays,
      escalationRole: 'INSTITUTION_ADMIN',
    },
  ];
}
