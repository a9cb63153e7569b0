import { AppError } from '../errors';
import type { LocalizedText } from '../localized-text';
import { SPINOUT_MODE_LABELS, type SpinoutMode } from '../spinout/spinout-mode';
import { maxDurationMonths } from './max-duration-months';
import type { TPolicyProfile } from './policy-profile';

/** Facts about the applicant that the eligibility rules look at. */
export interface ApplicantFacts {
  readonly holdsLeadershipPost: boolean;
  readonly isMajorProjectPI: boolean;
  readonly mode: SpinoutMode;
  readonly requestedMonths: number;
}

export type IneligibilityCode =
  | 'HOLDS_LEADERSHIP_POST'
  | 'MAJOR_PROJECT_PI'
  | 'MODE_NOT_ALLOWED'
  | 'DURATION_INVALID'
  | 'DURATION_TOO_LONG';

export interface IneligibilityReason {
  readonly code: IneligibilityCode;
  readonly message: LocalizedText;
}

/**
 * Every reason the applicant is not eligible under `profile`; an empty list means eligible.
 * All reasons are returned, not just the first, so the researcher can fix everything at once.
 */
export function checkEligibility({
  profile,
  applicant,
}: {
  profile: TPolicyProfile;
  applicant: ApplicantFacts;
}): IneligibilityReason[] {
  const { eligibility } = profile;
  const reasons: IneligibilityReason[] = [];

  if (eligibility.leadershipPostHoldersMustResign && applicant.holdsLeadershipPost) {
    reasons.push({
      code: 'HOLDS_LEADERSHIP_POST',
      message: {
        zh: '担任领导职务的人员须先辞去领导职务',
        en: 'Staff holding a leadership post must resign the post first',
      },
    });
  }
  if (eligibility.majorProjectPIsExcluded && applicant.isMajorProjectPI) {
    reasons.push({
      code: 'MAJOR_PROJECT_PI',
      message: { zh: '重大项目负责人不得申请', en: 'Principal investigators of major projects are excluded' },
    });
  }
  if (!eligibility.allowedModes.includes(applicant.mode)) {
    const label = SPINOUT_MODE_LABELS[applicant.mode];
    reasons.push({
      code: 'MODE_NOT_ALLOWED',
      message: { zh: `本单位不支持${label.zh}`, en: `This institution does not allow: ${label.en}` },
    });
  }

  const max = maxDurationMonths({ profile, mode: applicant.mode });
  if (!Number.isInteger(applicant.requestedMonths) || applicant.requestedMonths < 1) {
    reasons.push({
      code: 'DURATION_INVALID',
      message: { zh: '申请期限须为正整数个月', en: 'The requested duration must be a whole number of months, at least 1' },
    });
  } else if (max !== null && applicant.requestedMonths > max) {
    reasons.push({
      code: 'DURATION_TOO_LONG',
      message: {
        zh: `申请期限不得超过${max}个月`,
        en: `The requested duration (${applicant.requestedMonths} months) exceeds the maximum of ${max} months`,
      },
    });
  }
  return reasons;
}

/** Throws NOT_ELIGIBLE listing every reason; for callers that must refuse, not just show. */
export function assertEligible(options: { profile: TPolicyProfile; applicant: ApplicantFacts }): void {
  const reasons = checkEligibility(options);
  if (reasons.length > 0) {
    throw new AppError('NOT_ELIGIBLE', reasons.map((reason) => reason.message.en).join('; '), {
      details: { reasons: reasons.map((reason) => ({ code: reason.code, zh: reason.message.zh, en: reason.message.en })) },
    });
  }
}
