import { z } from 'zod';
import { ZDayKind } from '../calendar/day-kind';
import { ZIsoDate } from '../calendar/iso-date';
import { ZLocalizedText } from '../localized-text';
import { ZNonNegativeFen } from '../money/fen';
import { ZSpinoutMode } from '../spinout/spinout-mode';
import { ZRole } from './role';

/**
 * A policy profile: every rule that differs between institutions or provinces, as versioned
 * data. A case records the profile key and version it was decided under, so editing a profile
 * (which creates a new version) never changes the rules of a case already running.
 */

const BP_WHOLE = 10_000;
/**
 * 《促进科技成果转化法》第四十五条: absent a stricter institution rule, at least 50% of the net
 * income from a transfer or licence, and at least 50% of the equity from an investment of the
 * result, go to the people who made it. Institution policy may give more, never less.
 */
export const LEGAL_MIN_TEAM_SHARE_BP = 5_000;

const ZKey = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,62}$/, { error: 'must be lower-case letters, digits and hyphens, starting with a letter' });

const ZDayCount = (max: number) => z.int({ error: 'must be a whole number of days' }).min(1).max(max);

export const ZApprovalStep = z.object({
  /** Stable id of the step; decisions name it, so it must not change between versions lightly. */
  key: ZKey,
  role: ZRole,
  label: ZLocalizedText,
  /** Due this many days (of the chain's `dayKind`) after the step opens. */
  dueDays: ZDayCount(365),
  /** Who is notified and may act when the step is overdue; none means remind only. */
  escalationRole: ZRole.optional(),
});

export const RETURN_RESTARTS_FROM = ['FIRST_STEP', 'SAME_STEP'] as const;

export const ZApprovalPolicy = z.object({
  steps: z
    .array(ZApprovalStep)
    .min(1, { error: 'approval.steps needs at least one step' })
    .superRefine((steps, ctx) => {
      const seen = new Set<string>();
      steps.forEach((step, index) => {
        if (seen.has(step.key)) {
          ctx.addIssue({ code: 'custom', path: [index, 'key'], message: `step key "${step.key}" is used twice` });
        }
        seen.add(step.key);
      });
    }),
  dayKind: ZDayKind,
  /** After a resubmission, does the chain start again or resume at the step that returned it? */
  returnRestartsFrom: z.enum(RETURN_RESTARTS_FROM),
});

export const ZPublicityPolicy = z.object({
  /** Length of the 公示 period; publicity is mandatory, so at least one day. */
  days: ZDayCount(90),
  dayKind: ZDayKind,
});

export const ZExtensionPolicy = z
  .object({
    allowed: z.boolean(),
    maxCount: z.int().min(0).max(10),
    maxMonths: z.int().min(0).max(120),
    /** 人社部发〔2019〕137号: an extension only while the venture has not yet turned a profit. */
    requiresNotProfitable: z.boolean(),
  })
  .refine((extension) => !extension.allowed || (extension.maxCount >= 1 && extension.maxMonths >= 1), {
    error: 'retention.extension: when extensions are allowed, maxCount and maxMonths must be at least 1',
  });

export const ZRetentionPolicy = z.object({
  /** Longest time the personnel relationship is kept for a LEAVE case, from the signing date. */
  maxLeaveMonths: z.int().min(1).max(120),
  extension: ZExtensionPolicy,
  /** Reminders this many calendar days before expiry; stored longest first. */
  reminderOffsetsDays: z
    .array(ZDayCount(3_650))
    .refine((offsets) => new Set(offsets).size === offsets.length, { error: 'reminderOffsetsDays must not repeat' })
    .transform((offsets) => [...offsets].sort((a, b) => b - a)),
  /** Calendar days after expiry for the researcher to choose return or resignation before HR is asked. */
  expiryGraceDays: z.int().min(0).max(365),
});

export const ZEligibilityPolicy = z.object({
  /** Staff holding a leadership post (领导职务) must resign it before a spin-out. */
  leadershipPostHoldersMustResign: z.boolean(),
  /** Principal investigators of major (national) projects may not take part. */
  majorProjectPIsExcluded: z.boolean(),
  allowedModes: z
    .array(ZSpinoutMode)
    .min(1, { error: 'eligibility.allowedModes needs at least one mode' })
    .refine((modes) => new Set(modes).size === modes.length, { error: 'allowedModes must not repeat' }),
  /** Longest PART_TIME arrangement; null means no limit. LEAVE is limited by retention.maxLeaveMonths. */
  maxPartTimeMonths: z.int().min(1).max(120).nullable(),
});

export const ZLicensingTier = z.object({
  /**
   * Highest amount (inclusive, in fen) this tier approves; null for the open-ended top tier.
   * Amounts are whole fen, so "¥2M–5M" is written as up to 499_999_999 for "below ¥5M".
   */
  upToFen: ZNonNegativeFen.nullable(),
  approverRole: ZRole,
  label: ZLocalizedText,
});

export const ZLicensingPolicy = z.object({
  approvalTiers: z
    .array(ZLicensingTier)
    .min(1, { error: 'licensing.approvalTiers needs at least one tier' })
    .superRefine((tiers, ctx) => {
      tiers.forEach((tier, index) => {
        const isLast = index === tiers.length - 1;
        const previous = tiers[index - 1];
        if (isLast !== (tier.upToFen === null)) {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'upToFen'],
            message: 'only the last approval tier, and always the last, has no upper limit (null)',
          });
        }
        if (previous?.upToFen != null && tier.upToFen !== null && tier.upToFen <= previous.upToFen) {
          ctx.addIssue({ code: 'custom', path: [index, 'upToFen'], message: 'approval tiers must be in ascending order' });
        }
      });
    }),
});

/** How one kind of income is split, in basis points of the net amount (10000 = 100%). */
export const ZShareSplit = z
  .object({
    teamBp: z.int().min(0).max(BP_WHOLE),
    institutionBp: z.int().min(0).max(BP_WHOLE),
    departmentBp: z.int().min(0).max(BP_WHOLE),
    ttoFundBp: z.int().min(0).max(BP_WHOLE),
  })
  .superRefine((split, ctx) => {
    const sum = split.teamBp + split.institutionBp + split.departmentBp + split.ttoFundBp;
    if (sum !== BP_WHOLE) {
      ctx.addIssue({ code: 'custom', message: `shares must add up to 10000 basis points (100%), got ${sum}` });
    }
    if (split.teamBp < LEGAL_MIN_TEAM_SHARE_BP) {
      ctx.addIssue({
        code: 'custom',
        path: ['teamBp'],
        message: `teamBp must be at least ${LEGAL_MIN_TEAM_SHARE_BP} (50%, 《促进科技成果转化法》第四十五条), got ${split.teamBp}`,
      });
    }
  });

export const DEDUCTIBLE_COST_KINDS = ['TAX', 'PATENT_MAINTENANCE', 'VALUATION', 'TRANSACTION', 'LEGAL'] as const;

export const ZBenefitSharePolicy = z.object({
  /** Net income from transfer or licence (fees, royalties). */
  licenceIncome: ZShareSplit,
  /** Equity from investing the result in a company (作价投资), and dividends or exits from it. */
  equity: ZShareSplit,
  /** Costs that may be deducted from gross income to reach net income. */
  deductibleCosts: z
    .array(z.enum(DEDUCTIBLE_COST_KINDS))
    .refine((kinds) => new Set(kinds).size === kinds.length, { error: 'deductibleCosts must not repeat' }),
});

export const ZPolicyProfile = z.object({
  key: ZKey,
  version: z.int().min(1),
  /** Null for a template profile not bound to one institution (e.g. the national default). */
  institutionId: z.string().min(1).nullable(),
  /** Where the rules come from: CN for national rules, CN-ZJ for Zhejiang, and so on. */
  jurisdiction: z.string().regex(/^CN(-[A-Z]{2})?$/, { error: 'jurisdiction must look like CN or CN-ZJ' }),
  name: ZLocalizedText,
  effectiveFrom: ZIsoDate,
  approval: ZApprovalPolicy,
  publicity: ZPublicityPolicy,
  retention: ZRetentionPolicy,
  eligibility: ZEligibilityPolicy,
  licensing: ZLicensingPolicy,
  benefitShare: ZBenefitSharePolicy,
});

export type TPolicyProfile = z.infer<typeof ZPolicyProfile>;
export type TApprovalStep = z.infer<typeof ZApprovalStep>;
export type TLicensingTier = z.infer<typeof ZLicensingTier>;
export type TShareSplit = z.infer<typeof ZShareSplit>;
export type ReturnRestartsFrom = (typeof RETURN_RESTARTS_FROM)[number];
export type DeductibleCostKind = (typeof DEDUCTIBLE_COST_KINDS)[number];
