import type { CalendarDay } from '../calendar/calendar-day';
import { dueDate } from '../calendar/due-date';
import type { IsoDate } from '../calendar/iso-date';
import { AppError } from '../errors';
import { assertFen, type Fen } from '../money/fen';
import type { TBenefitSharePolicy, TSettlementApprovalTier } from '../policy/policy-profile';

export interface SettlementApproverForOptions {
  readonly benefitShare: Pick<TBenefitSharePolicy, 'settlementApprovalTiers'>;
  /** Net cash distributed plus the appraised value of shares granted (see computeSettlement). */
  readonly amountFen: Fen;
}

/**
 * The approval tier of a distribution plan worth `amountFen`: the first tier whose `upToFen`
 * is at least the amount (inclusive). `approverRole: null` means no leadership step: the plan
 * is paid after finance review and publicity.
 */
export function settlementApproverFor({ benefitShare, amountFen }: SettlementApproverForOptions): {
  tier: TSettlementApprovalTier;
  tierIndex: number;
} {
  assertFen(amountFen, 'amountFen');
  if (amountFen < 0) throw new AppError('VALIDATION_FAILED', 'amountFen must not be negative');
  const tiers = benefitShare.settlementApprovalTiers;
  const tierIndex = tiers.findIndex((t) => t.upToFen === null || amountFen <= t.upToFen);
  const tier = tiers[tierIndex];
  if (tier === undefined) {
    throw new AppError('INTERNAL', `benefitShare.settlementApprovalTiers has no tier for ${amountFen} fen`);
  }
  return { tier, tierIndex };
}

export interface DistributionPublicityEndOptions {
  readonly benefitShare: Pick<TBenefitSharePolicy, 'publicity'>;
  /** The day the distribution plan is published (not counted). */
  readonly start: IsoDate;
  readonly calendar: readonly CalendarDay[];
}

/** Last day of the publicity (公示) of a distribution plan, per `benefitShare.publicity`. */
export function distributionPublicityEndsOn({ benefitShare, start, calendar }: DistributionPublicityEndOptions): IsoDate {
  return dueDate({ start, days: benefitShare.publicity.days, dayKind: benefitShare.publicity.dayKind, calendar });
}
