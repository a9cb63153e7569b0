import type { TPolicyProfile } from './policy-profile';

/**
 * The national default: the starting point an institution copies and edits. Values follow the
 * national rules where they fix one (36 months, one extension of up to 3 years while not
 * profitable, at least 50% to the team) and common university practice elsewhere.
 * `ZPolicyProfile.parse(defaultPolicyProfile)` is checked by a test.
 */
export const defaultPolicyProfile: TPolicyProfile = {
  key: 'default',
  version: 1,
  institutionId: null,
  jurisdiction: 'CN',
  name: { zh: '全国默认政策', en: 'National default policy' },
  effectiveFrom: '2025-01-01',
  approval: {
    steps: [
      {
        key: 'dept-head',
        role: 'DEPT_HEAD',
        label: { zh: '院系审核', en: 'Department review' },
        dueDays: 5,
        escalationRole: 'TTO_OFFICER',
      },
      {
        key: 'tto',
        role: 'TTO_OFFICER',
        label: { zh: '科技处/技术转移中心审核', en: 'Tech-transfer office review' },
        dueDays: 10,
        escalationRole: 'LEADERSHIP',
      },
      {
        key: 'hr',
        role: 'HR_OFFICER',
        label: { zh: '人事处审核', en: 'HR review' },
        dueDays: 5,
        escalationRole: 'LEADERSHIP',
      },
      {
        key: 'leadership',
        role: 'LEADERSHIP',
        label: { zh: '校长办公会审议', en: 'Leadership meeting' },
        // The meeting sits every few weeks, hence the longer time.
        dueDays: 15,
        escalationRole: 'INSTITUTION_ADMIN',
      },
    ],
    dayKind: 'WORKING',
    // "The researcher edits and resubmits, the chain resumes" at the step that returned it.
    returnRestartsFrom: 'SAME_STEP',
  },
  // At least 15 days of publicity, counted in calendar days as for 协议定价 results.
  publicity: { days: 15, dayKind: 'CALENDAR' },
  retention: {
    maxLeaveMonths: 36,
    extension: { allowed: true, maxCount: 1, maxMonths: 36, requiresNotProfitable: true },
    reminderOffsetsDays: [180, 90, 30, 7],
    expiryGraceDays: 30,
  },
  eligibility: {
    leadershipPostHoldersMustResign: true,
    majorProjectPIsExcluded: true,
    allowedModes: ['LEAVE', 'PART_TIME'],
    maxPartTimeMonths: 36,
  },
  licensing: {
    approvalTiers: [
      { upToFen: 200_000_000, approverRole: 'TTO_OFFICER', label: { zh: '技术转移中心', en: 'Tech-transfer office' } }, // ≤ ¥2M
      { upToFen: 499_999_999, approverRole: 'LEADERSHIP', label: { zh: '分管副校长', en: 'Vice-president' } }, // < ¥5M
      { upToFen: null, approverRole: 'LEADERSHIP', label: { zh: '校长办公会', en: "President's meeting" } }, // ≥ ¥5M
    ],
    review: {
      key: 'tto-review',
      role: 'TTO_OFFICER',
      label: { zh: '技术转移中心审核', en: 'Tech-transfer office review' },
      dueDays: 10,
      escalationRole: 'LEADERSHIP',
    },
    tierDueDays: 15,
    dayKind: 'WORKING',
    // 协议定价: 《促进科技成果转化法》第十八条 and 国发〔2016〕16号 ask for publicity of the name and price; 15 days is the common rule.
    agreedPricePublicity: { days: 15, dayKind: 'CALENDAR' },
    valuationReportRequiredFor: ['EQUITY'],
    paymentReminderDaysBefore: 7,
    overdueEscalationDays: 30,
  },
  benefitShare: {
    licenceIncome: { teamBp: 7_000, institutionBp: 1_500, departmentBp: 1_000, ttoFundBp: 500 },
    equity: { teamBp: 7_000, institutionBp: 1_500, departmentBp: 1_000, ttoFundBp: 500 },
    // OTHER costs only with an evidence document each (checked by computeSettlement).
    deductibleCosts: ['TAX', 'PATENT_MAINTENANCE', 'VALUATION', 'TRANSACTION', 'OTHER'],
    // 自行实施: the law's minimum of 5% of the operating profit, for the longest period (5 years).
    selfImplementation: { teamBp: 500, institutionBp: 9_500, departmentBp: 0, ttoFundBp: 0, years: 5 },
    // 国发〔2016〕16号: main contributors get at least 50% of the team reward.
    mainContributorsMinBp: 5_000,
    settlementApprovalTiers: [
      { upToFen: 100_000_000, approverRole: null, label: { zh: '财务处复核后发放', en: 'Paid after finance review' } }, // ≤ ¥1M
      { upToFen: null, approverRole: 'LEADERSHIP', label: { zh: '校长办公会审议', en: "President's meeting" } }, // > ¥1M
    ],
    // Publicity of the distribution plan: 15 working days, as common in university rules.
    publicity: { days: 15, dayKind: 'WORKING' },
    // A university or public research institute: both tax reliefs are available.
    taxRules: { techContractHalfWageIncome: true, equityRewardDeferral: true },
  },
};
