import { z } from 'zod';
import { ZDayKind } from '../calendar/day-kind';
import { ZIsoDate } from '../calendar/iso-date';
import { ZLocalizedText } from '../localized-text';
import { ZNonNegativeFen } from '../money/fen';
import { ZSpinoutMode } from '../spinout/spinout-mode';
import { ZRole } from './role';
import { ZDealMode } from '../licensing/deal-mode';

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
  // The fields below came after the first profiles were stored: each has a default, so a stored
  // profile without them still parses and gets the national default.
  /** Every deal is reviewed by this step first; the tier's approver decides after it (unless it is the same role). */
  review: ZApprovalStep.default({
    key: 'tto-review',
    role: 'TTO_OFFICER',
    label: { zh: '技术转移中心审核', en: 'Tech-transfer office review' },
    dueDays: 10,
    escalationRole: 'LEADERSHIP',
  }),
  /** Days the tier's approver has, counted in `dayKind` days. */
  tierDueDays: ZDayCount(365).default(15),
  dayKind: ZDayKind.default('WORKING'),
  /** 协议定价: the result's name and the proposed price are published for this long before signing. */
  agreedPricePublicity: ZPublicityPolicy.default({ days: 15, dayKind: 'CALENDAR' }),
  /** Modes that need an asset valuation report (资产评估报告) before submission. */
  valuationReportRequiredFor: z
    .array(ZDealMode)
    .refine((modes) => new Set(modes).size === modes.length, { error: 'valuationReportRequiredFor must not repeat' })
    .default(['EQUITY']),
  /** The TTO is reminded this many calendar days before a payment falls due. */
  paymentReminderDaysBefore: z.int().min(0).max(90).default(7),
  /** An unpaid payment or a missing royalty report is escalated this many calendar days after it was due. */
  overdueEscalationDays: z.int().min(1).max(365).default(30),
});

const shareSplitShape = {
  teamBp: z.int().min(0).max(BP_WHOLE),
  institutionBp: z.int().min(0).max(BP_WHOLE),
  departmentBp: z.int().min(0).max(BP_WHOLE),
  ttoFundBp: z.int().min(0).max(BP_WHOLE),
};

interface ShareSplitLike {
  teamBp: number;
  institutionBp: number;
  departmentBp: number;
  ttoFundBp: number;
}

/**
 * The two checks every split shares: the four parts make 100%, and the team gets at least the
 * legal minimum. The message names the field and the rule, because an admin reads it next to
 * the form and an API client gets it in `details.issues` with the path.
 */
function checkShareSplit(split: ShareSplitLike, ctx: z.RefinementCtx, { minTeamBp, rule }: { minTeamBp: number; rule: string }): void {
  const sum = split.teamBp + split.institutionBp + split.departmentBp + split.ttoFundBp;
  if (sum !== BP_WHOLE) {
    ctx.addIssue({ code: 'custom', message: `shares must add up to 10000 basis points (100%), got ${sum}` });
  }
  if (split.teamBp < minTeamBp) {
    ctx.addIssue({
      code: 'custom',
      path: ['teamBp'],
      message: `teamBp must be at least ${minTeamBp} (${rule}), got ${split.teamBp}`,
    });
  }
}

/** How one kind of income is split, in basis points of the net amount (10000 = 100%). */
export const ZShareSplit = z.object(shareSplitShape).superRefine((split, ctx) =>
  checkShareSplit(split, ctx, {
    minTeamBp: LEGAL_MIN_TEAM_SHARE_BP,
    rule: '50% of net transfer or licence income, 《促进科技成果转化法》第四十五条',
  }),
);

/** The split of equity from 作价投资, in shares, and of cash from it (dividends, exits). */
export const ZEquityShareSplit = z.object(shareSplitShape).superRefine((split, ctx) =>
  checkShareSplit(split, ctx, {
    minTeamBp: LEGAL_MIN_TEAM_SHARE_BP,
    rule: '50% of the equity from investing the result, 《促进科技成果转化法》第四十五条',
  }),
);

/**
 * 《促进科技成果转化法》第四十五条(三): when the institution implements the result itself (自行实施)
 * or with others, at least 5% of the operating profit from it goes to the team, each year for
 * three to five consecutive years.
 */
export const LEGAL_MIN_SELF_IMPLEMENTATION_TEAM_BP = 500;
export const SELF_IMPLEMENTATION_MIN_YEARS = 3;
export const SELF_IMPLEMENTATION_MAX_YEARS = 5;

export const ZSelfImplementationSplit = z
  .object({
    ...shareSplitShape,
    /**
     * For how many fiscal years the reward is paid, counting the year implementation started
     * as the first (3–5 by law).
     */
    years: z
      .int({ error: 'years must be a whole number' })
      .min(SELF_IMPLEMENTATION_MIN_YEARS, { error: 'years must be at least 3 (《促进科技成果转化法》第四十五条)' })
      .max(SELF_IMPLEMENTATION_MAX_YEARS, { error: 'years must be at most 5 (《促进科技成果转化法》第四十五条)' }),
  })
  .superRefine((split, ctx) =>
    checkShareSplit(split, ctx, {
      minTeamBp: LEGAL_MIN_SELF_IMPLEMENTATION_TEAM_BP,
      rule: '5% of the operating profit from implementing the result, 《促进科技成果转化法》第四十五条',
    }),
  );

/**
 * 国发〔2016〕16号: people who made the main contribution to the research and its conversion get
 * at least 50% of the reward. Stored profiles written before this field existed get this rule.
 */
export const DEFAULT_MAIN_CONTRIBUTORS_MIN_BP = 5_000;

/**
 * Whether a distribution plan needs a leadership decision after finance review and publicity,
 * by the amount distributed (see domain/settlement `settlementApproverFor`). Tiers as in
 * `ZLicensingTier`: ascending `upToFen`, the last open-ended; `approverRole: null` means no
 * leadership step for that tier.
 */
export const ZSettlementApprovalTier = z.object({
  upToFen: ZNonNegativeFen.nullable(),
  approverRole: ZRole.nullable(),
  label: ZLocalizedText,
});

function checkAscendingTiers(tiers: readonly { upToFen: number | null }[], ctx: z.RefinementCtx): void {
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
}

/**
 * Tax rules that depend on the institution, not only on national law. Both reliefs exist only
 * for some institutions: 财税〔2018〕58号 (cash rewards counted at 50% as wage income) applies
 * to non-profit research institutes and universities; 财税〔2016〕101号 deferral of tax on
 * equity rewards needs a domestic resident company and a filing with the tax office. The rules
 * themselves are constants in domain/settlement/tax-info.ts.
 */
export const ZSettlementTaxRules = z.object({
  /** The institution qualifies for 财税〔2018〕58号 (非营利性研究开发机构和高等学校). */
  techContractHalfWageIncome: z.boolean(),
  /** Equity rewards may use the deferral of 财税〔2016〕101号 (the institution files it). */
  equityRewardDeferral: z.boolean(),
});

export const DEDUCTIBLE_COST_KINDS = ['TAX', 'PATENT_MAINTENANCE', 'VALUATION', 'TRANSACTION', 'LEGAL', 'OTHER'] as const;

const DEFAULT_SELF_IMPLEMENTATION = { teamBp: 500, institutionBp: 9_500, departmentBp: 0, ttoFundBp: 0, years: 5 };
const DEFAULT_SETTLEMENT_APPROVAL_TIERS = [
  { upToFen: 100_000_000, approverRole: null, label: { zh: '财务处复核后发放', en: 'Paid after finance review' } }, // ≤ ¥1M
  { upToFen: null, approverRole: 'LEADERSHIP' as const, label: { zh: '校长办公会审议', en: "President's meeting" } },
];

export const ZBenefitSharePolicy = z.object({
  /** Net income from transfer or licence (fees, royalties). */
  licenceIncome: ZShareSplit,
  /** Equity from investing the result in a company (作价投资), and dividends or exits from it. */
  equity: ZEquityShareSplit,
  /**
   * Costs that may be deducted from gross income to reach net income. OTHER is allowed only
   * when listed here, and each OTHER deduction needs an evidence document.
   */
  deductibleCosts: z
    .array(z.enum(DEDUCTIBLE_COST_KINDS))
    .refine((kinds) => new Set(kinds).size === kinds.length, { error: 'deductibleCosts must not repeat' }),
  // The fields below came with benefit-sharing settlements; each has a default so profiles
  // stored as JSON before then still parse (with the national rule or common practice).
  /** Operating profit from implementing the result itself (自行实施). */
  selfImplementation: ZSelfImplementationSplit.default(DEFAULT_SELF_IMPLEMENTATION),
  /** Main contributors (主要贡献人) get at least this much of the team reward; null: no such rule. */
  mainContributorsMinBp: z.int().min(1).max(BP_WHOLE).nullable().default(DEFAULT_MAIN_CONTRIBUTORS_MIN_BP),
  settlementApprovalTiers: z
    .array(ZSettlementApprovalTier)
    .min(1, { error: 'benefitShare.settlementApprovalTiers needs at least one tier' })
    .superRefine(checkAscendingTiers)
    .default(DEFAULT_SETTLEMENT_APPROVAL_TIERS),
  /** Publicity (公示) of each distribution plan; objections go back to review as for cases. */
  publicity: ZPublicityPolicy.default({ days: 15, dayKind: 'WORKING' }),
  taxRules: ZSettlementTaxRules.default({ techContractHalfWageIncome: true, equityRewardDeferral: true }),
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
export type TSelfImplementationSplit = z.infer<typeof ZSelfImplementationSplit>;
export type TSettlementApprovalTier = z.infer<typeof ZSettlementApprovalTier>;
export type TSettlementTaxRules = z.infer<typeof ZSettlementTaxRules>;
export type TBenefitSharePolicy = z.infer<typeof ZBenefitSharePolicy>;
export type ReturnRestartsFrom = (typeof RETURN_RESTARTS_FROM)[number];
export type DeductibleCostKind = (typeof DEDUCTIBLE_COST_KINDS)[number];
