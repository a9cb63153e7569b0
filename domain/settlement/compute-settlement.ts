import type { z } from 'zod';
import { allocateLargestRemainder } from '../money/allocate-largest-remainder';
import { sumFen, type Fen } from '../money/fen';
import { formatCny } from '../money/format-cny';
import type { LocalizedText } from '../localized-text';
import { ZBenefitSharePolicy, type TBenefitSharePolicy, type TPolicyProfile, type TShareSplit } from '../policy/policy-profile';
import { issuesFromZodError, type ValidationIssue } from '../validation';
import {
  INCOME_CLASSES,
  INCOME_CLASS_LABELS,
  INCOME_EVENT_KIND_LABELS,
  incomeClassOf,
  SPLIT_FIELD_OF_CLASS,
  splitFor,
  type IncomeClass,
} from './income-class';
import { settlementApproverFor } from './settlement-approver-for';
import { assertInvariant, settlementRefusal } from './settlement-errors';
import { formatBp, localizedAmount, localizedQuota } from './settlement-format';
import { DEDUCTION_KIND_LABELS, ZSettlementInput, type TSettlementInput, type TSettlementInputDraft } from './settlement-input';
import {
  recipientKeyOf,
  type TClassSettlement,
  type TEquitySettlement,
  type TExplanationStep,
  type TFourShares,
  type TPayoutLine,
  type TPersonTotals,
  type TRecipient,
  type TSettlementResult,
} from './settlement-result';
import { splitTeamReward } from './split-team-reward';
import { cashRewardTaxInfo, equityRewardTaxInfo, NOT_PERSONAL_INCOME_TAX } from './tax-info';

export interface ComputeSettlementOptions {
  /** Parsed here with `ZSettlementInput`; defaults may be left out. */
  readonly input: TSettlementInputDraft;
  /**
   * The profile version the deal runs under. `benefitShare` is parsed again here, so a profile
   * stored before the settlement fields existed gets their defaults, and a split below the
   * legal minimum is refused even if it reached us without validation.
   */
  readonly profile: Pick<TPolicyProfile, 'key' | 'version'> & { readonly benefitShare: z.input<typeof ZBenefitSharePolicy> };
}

const PART_LABELS: Readonly<Record<keyof TFourShares, LocalizedText>> = {
  team: { zh: '团队奖励', en: 'Team reward' },
  institution: { zh: '单位', en: 'Institution' },
  department: { zh: '院系', en: 'Department' },
  ttoFund: { zh: '技术转移基金', en: 'TTO fund' },
};
const PART_KEYS = ['team', 'institution', 'department', 'ttoFund'] as const;
const PART_STEP_KEYS: Readonly<Record<keyof TFourShares, string>> = {
  team: 'share.team',
  institution: 'share.institution',
  department: 'share.department',
  ttoFund: 'share.tto-fund',
};
const NON_TEAM_RECIPIENTS: readonly { part: Exclude<keyof TFourShares, 'team'>; recipient: TRecipient }[] = [
  { part: 'institution', recipient: { kind: 'INSTITUTION' } },
  { part: 'department', recipient: { kind: 'DEPARTMENT' } },
  { part: 'ttoFund', recipient: { kind: 'TTO_FUND' } },
];

/** Code-unit order: locale-independent, so the same input sorts the same on every machine. */
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const RULE_NOTES: readonly LocalizedText[] = [
  {
    zh:
      '取整规则：各部分按比例计算到分（股权到股），先取整数部分，余下的分（股）按余数从大到小逐一分配（最大余额法）；' +
      '余数相同时给比例较大者，再相同时按列示顺序：团队、单位、院系、技术转移基金；成员按名单顺序。各部分之和始终等于总额。',
    en:
      'Rounding: each part is computed to the fen (to the share for equity); everyone gets the whole part of their quota and the ' +
      'fen (shares) left over go one each to the largest remainders (largest-remainder method). Equal remainders go to the larger ' +
      'rate, then in the order listed: team, institution, department, TTO fund; members in the order of the team list. The parts ' +
      'always add up to the whole.',
  },
];

function mainContributorNote(minBp: number): LocalizedText {
  return {
    zh:
      `主要贡献人规则：主要贡献人合计不少于团队奖励的 ${formatBp(minBp)}（向上取整到分/股）。按贡献份额分配不足时，` +
      '主要贡献人合计补足至该最低额并在其间按贡献份额分配，其余部分在其他成员之间按贡献份额分配。',
    en:
      `Main contributors: together at least ${formatBp(minBp)} of the team reward (rounded up to the fen or share). When the split by ` +
      'contribution share gives them less, they get exactly that minimum, split among them by share, and the rest is split among ' +
      'the other members by share.',
  };
}

const TAX_NOTE: LocalizedText = {
  zh: '税务信息仅供计算和展示，系统不代为申报；应纳税额还取决于个人当月其他工资、薪金所得。',
  en: 'Tax information is computed and shown only; the system files nothing. The tax due also depends on the person’s other wage income that month.',
};

function parseBenefitShare(benefitShare: unknown): TBenefitSharePolicy {
  const parsed = ZBenefitSharePolicy.safeParse(benefitShare);
  if (parsed.success) return parsed.data;
  const issues = issuesFromZodError(parsed.error).map((issue) => ({
    path: issue.path === '' ? 'benefitShare' : `benefitShare.${issue.path}`,
    message: issue.message,
  }));
  const belowMinimum = parsed.error.issues.some((issue) => issue.code === 'custom' && issue.path[issue.path.length - 1] === 'teamBp');
  throw settlementRefusal(belowMinimum ? 'TEAM_SHARE_BELOW_LEGAL_MINIMUM' : 'PROFILE_INVALID', issues);
}

function parseInput(input: unknown): TSettlementInput {
  const parsed = ZSettlementInput.safeParse(input);
  if (!parsed.success) throw settlementRefusal('INVALID_INPUT', issuesFromZodError(parsed.error));
  return parsed.data;
}

function checkDeductions(input: TSettlementInput, benefitShare: TBenefitSharePolicy): void {
  const notAllowed: ValidationIssue[] = [];
  const noEvidence: ValidationIssue[] = [];
  input.deductions.forEach((deduction, index) => {
    if (!benefitShare.deductibleCosts.includes(deduction.kind)) {
      notAllowed.push({
        path: `deductions[${index}].kind`,
        message: `${deduction.kind} is not deductible under policy (benefitShare.deductibleCosts: ${benefitShare.deductibleCosts.join(', ') || 'none'})`,
      });
    }
    if (deduction.kind === 'OTHER' && deduction.evidenceDocumentIds.length === 0) {
      noEvidence.push({ path: `deductions[${index}].evidenceDocumentIds`, message: 'an OTHER deduction needs at least one evidence document' });
    }
  });
  if (notAllowed.length > 0) throw settlementRefusal('DEDUCTION_NOT_ALLOWED', notAllowed);
  if (noEvidence.length > 0) throw settlementRefusal('EVIDENCE_REQUIRED', noEvidence);
}

function checkSelfImplementation(input: TSettlementInput, benefitShare: TBenefitSharePolicy): void {
  const { years } = benefitShare.selfImplementation;
  const startedOn = input.deal.selfImplementationStartedOn;
  const issues: ValidationIssue[] = [];
  input.incomeEvents.forEach((event, index) => {
    if (event.kind !== 'OPERATING_PROFIT') return;
    if (startedOn === null) {
      throw settlementRefusal('INVALID_INPUT', [
        { path: 'deal.selfImplementationStartedOn', message: 'is required to settle OPERATING_PROFIT' },
      ]);
    }
    const firstYear = Number(startedOn.slice(0, 4));
    const lastYear = firstYear + years - 1;
    const fiscalYear = event.fiscalYear ?? 0;
    if (fiscalYear < firstYear || fiscalYear > lastYear) {
      issues.push({
        path: `incomeEvents[${index}].fiscalYear`,
        message: `operating profit of ${fiscalYear} is outside the ${years} reward years ${firstYear}–${lastYear} (benefitShare.selfImplementation.years)`,
      });
    }
  });
  if (issues.length > 0) throw settlementRefusal('OUTSIDE_SELF_IMPLEMENTATION_YEARS', issues);
}

function checkMainContributors(input: TSettlementInput, benefitShare: TBenefitSharePolicy): void {
  if (benefitShare.mainContributorsMinBp === null || input.team.some((member) => member.mainContributor)) return;
  throw settlementRefusal('MAIN_CONTRIBUTOR_REQUIRED', [
    {
      path: 'team',
      message: `policy guarantees main contributors ${formatBp(benefitShare.mainContributorsMinBp)} of the team reward (benefitShare.mainContributorsMinBp): mark at least one member as mainContributor`,
    },
  ]);
}

/** Splits `total` four ways by the split's basis points; ties favour team, institution, department, TTO fund in that order. */
function splitFourWays(total: number, split: TShareSplit): TFourShares {
  const [team = 0, institution = 0, department = 0, ttoFund = 0] = allocateLargestRemainder(total, [
    split.teamBp,
    split.institutionBp,
    split.departmentBp,
    split.ttoFundBp,
  ]);
  return { team, institution, department, ttoFund };
}

const BP_OF_PART: Readonly<Record<keyof TFourShares, keyof TShareSplit>> = {
  team: 'teamBp',
  institution: 'institutionBp',
  department: 'departmentBp',
  ttoFund: 'ttoFundBp',
};

function shareSteps(total: number, split: TShareSplit, shares: TFourShares, unit: 'FEN' | 'SHARES', base: LocalizedText): TExplanationStep[] {
  const totalText = localizedAmount(unit, total);
  return PART_KEYS.map((part) => {
    const bp = split[BP_OF_PART[part]];
    const quota = localizedQuota(BigInt(total) * BigInt(bp), 10_000n, unit);
    const amount = localizedAmount(unit, shares[part]);
    return {
      key: PART_STEP_KEYS[part],
      label: { zh: `${PART_LABELS[part].zh}（${formatBp(bp)}）`, en: `${PART_LABELS[part].en} (${formatBp(bp)})` },
      detail: {
        zh: `${base.zh} ${totalText.zh} × ${formatBp(bp)} = ${quota.zh}，按最大余额法取整为 ${amount.zh}`,
        en: `${base.en} ${totalText.en} × ${formatBp(bp)} = ${quota.en}, rounded by largest remainder to ${amount.en}`,
      },
      value: { unit, amount: shares[part] },
    };
  });
}

function settleClass(input: TSettlementInput, benefitShare: TBenefitSharePolicy, incomeClass: IncomeClass): TClassSettlement {
  const events = input.incomeEvents
    .filter((event) => incomeClassOf(event.kind) === incomeClass)
    .sort((a, b) => compareText(a.receivedOn, b.receivedOn) || compareText(a.id, b.id));
  const deductions = input.deductions.filter((deduction) => deduction.incomeClass === incomeClass);
  const grossFen = sumFen(events.map((event) => event.amountFen));
  const deductionsFen = sumFen(deductions.map((deduction) => deduction.amountFen));
  if (deductionsFen > grossFen) {
    throw settlementRefusal(
      'DEDUCTIONS_EXCEED_GROSS',
      [
        {
          path: 'deductions',
          message:
            `deductions from ${incomeClass} add up to ${formatCny(deductionsFen)}, more than its gross income of ${formatCny(grossFen)}; ` +
            'deduct at most the gross income and carry the rest to a later settlement',
        },
      ],
      { incomeClass, grossFen, deductionsFen },
    );
  }
  const netFen = grossFen - deductionsFen;
  const split = splitFor(benefitShare, incomeClass);
  const shares = splitFourWays(netFen, split);
  const teamSplit = splitTeamReward({
    total: shares.team,
    unit: 'FEN',
    members: input.team,
    mainContributorsMinBp: benefitShare.mainContributorsMinBp,
  });

  const steps: TExplanationStep[] = [
    ...events.map((event) => ({
      key: `income.${event.id}`,
      label: {
        zh: `${INCOME_EVENT_KIND_LABELS[event.kind].zh}（${event.receivedOn} 收到）`,
        en: `${INCOME_EVENT_KIND_LABELS[event.kind].en} (received ${event.receivedOn})`,
      },
      detail: event.note === null ? null : { zh: event.note, en: event.note },
      value: { unit: 'FEN' as const, amount: event.amountFen },
    })),
    {
      key: 'gross',
      label: { zh: `${INCOME_CLASS_LABELS[incomeClass].zh}合计`, en: `${INCOME_CLASS_LABELS[incomeClass].en}, gross` },
      detail:
        events.length > 1
          ? {
              zh: `${events.map((event) => formatCny(event.amountFen)).join(' + ')} = ${formatCny(grossFen)}`,
              en: `${events.map((event) => formatCny(event.amountFen)).join(' + ')} = ${formatCny(grossFen)}`,
            }
          : null,
      value: { unit: 'FEN', amount: grossFen },
    },
    ...deductions.map((deduction) => ({
      key: `deduction.${deduction.id}`,
      label: {
        zh: `扣除：${DEDUCTION_KIND_LABELS[deduction.kind].zh}`,
        en: `Deduction: ${DEDUCTION_KIND_LABELS[deduction.kind].en}`,
      },
      detail: deduction.note === null ? null : { zh: deduction.note, en: deduction.note },
      value: { unit: 'FEN' as const, amount: -deduction.amountFen },
    })),
    {
      key: 'net',
      label: { zh: '净收入', en: 'Net income' },
      detail: {
        zh: `收入合计 ${formatCny(grossFen)} − 扣除合计 ${formatCny(deductionsFen)} = ${formatCny(netFen)}`,
        en: `Gross ${formatCny(grossFen)} − deductions ${formatCny(deductionsFen)} = ${formatCny(netFen)}`,
      },
      value: { unit: 'FEN', amount: netFen },
    },
    ...shareSteps(netFen, split, shares, 'FEN', { zh: '净收入', en: 'Net income' }),
  ];

  const sharesSum = shares.team + shares.institution + shares.department + shares.ttoFund;
  assertInvariant(sharesSum === netFen, `${incomeClass} shares add up to ${sharesSum}, not ${netFen}`);
  assertInvariant(grossFen - deductionsFen === netFen, `${incomeClass} net`);

  return {
    incomeClass,
    splitField: SPLIT_FIELD_OF_CLASS[incomeClass],
    split,
    income: events.map((event) => ({
      eventId: event.id,
      kind: event.kind,
      receivedOn: event.receivedOn,
      amountFen: event.amountFen,
      evidenceDocumentIds: event.evidenceDocumentIds,
    })),
    grossFen,
    deductions: deductions.map((deduction) => ({
      deductionId: deduction.id,
      kind: deduction.kind,
      amountFen: deduction.amountFen,
      evidenceDocumentIds: deduction.evidenceDocumentIds,
      note: deduction.note,
    })),
    deductionsFen,
    netFen,
    shares,
    teamSplit,
    steps,
  };
}

function settleEquity(input: TSettlementInput, benefitShare: TBenefitSharePolicy): TEquitySettlement | null {
  const grant = input.equityGrant;
  if (grant === null) return null;
  const { teamBp, institutionBp, departmentBp, ttoFundBp } = benefitShare.equity;
  const split = { teamBp, institutionBp, departmentBp, ttoFundBp };
  const shares = splitFourWays(grant.shares, split);
  const teamSplit = splitTeamReward({
    total: shares.team,
    unit: 'SHARES',
    members: input.team,
    mainContributorsMinBp: benefitShare.mainContributorsMinBp,
  });
  const sharesSum = shares.team + shares.institution + shares.department + shares.ttoFund;
  assertInvariant(sharesSum === grant.shares, `equity shares add up to ${sharesSum}, not ${grant.shares}`);
  return {
    companyName: grant.companyName,
    grantedOn: grant.grantedOn,
    sharesGranted: grant.shares,
    valuationFen: grant.valuationFen,
    evidenceDocumentIds: grant.evidenceDocumentIds,
    split,
    shares,
    teamSplit,
    steps: [
      {
        key: 'equity.granted',
        label: {
          zh: `作价投资取得 ${grant.companyName} 股权（${grant.grantedOn}）`,
          en: `Shares in ${grant.companyName} received for the result (${grant.grantedOn})`,
        },
        detail:
          grant.valuationFen === null
            ? null
            : { zh: `评估价值 ${formatCny(grant.valuationFen)}（仅用于确定审批层级）`, en: `Appraised at ${formatCny(grant.valuationFen)} (used only for the approval tier)` },
        value: { unit: 'SHARES', amount: grant.shares },
      },
      ...shareSteps(grant.shares, split, shares, 'SHARES', { zh: '股权', en: 'Shares' }),
    ],
  };
}

/**
 * Computes one settlement (收益分配) of one deal for one period: gross income per class →
 * deductions → net → team / institution / department / TTO fund → the team's part across
 * members → payout lines with tax information; shares received for 作价投资 are split the same
 * way, in whole shares. Pure and deterministic (same input, same result, on any machine), so it
 * may run in an activity or a workflow.
 *
 * Refusals (AppError VALIDATION_FAILED, `details.reason`): see SETTLEMENT_REFUSAL_REASONS.
 * Every split is by largest remainder, and every sum is asserted (parts add up to the whole).
 */
export function computeSettlement({ input: rawInput, profile }: ComputeSettlementOptions): TSettlementResult {
  const benefitShare = parseBenefitShare(profile.benefitShare);
  const input = parseInput(rawInput);
  checkDeductions(input, benefitShare);
  checkSelfImplementation(input, benefitShare);
  checkMainContributors(input, benefitShare);

  const presentClasses = INCOME_CLASSES.filter(
    (incomeClass) =>
      input.incomeEvents.some((event) => incomeClassOf(event.kind) === incomeClass) ||
      input.deductions.some((deduction) => deduction.incomeClass === incomeClass),
  );
  const classes = presentClasses.map((incomeClass) => settleClass(input, benefitShare, incomeClass));
  const equity = settleEquity(input, benefitShare);

  const licenceDates = input.incomeEvents.filter((event) => incomeClassOf(event.kind) === 'LICENCE_TRANSFER').map((event) => event.receivedOn);
  const earliestIncomeOn = licenceDates.length === 0 ? null : licenceDates.reduce((a, b) => (b < a ? b : a));

  const lines: TPayoutLine[] = [];
  const addLine = (line: Omit<TPayoutLine, 'lineId' | 'recipientKey'>) => {
    if (line.amount === 0) return;
    const recipientKey = recipientKeyOf(line.recipient);
    lines.push({ lineId: `${line.source}/${recipientKey}`, recipientKey, ...line });
  };
  for (const settled of classes) {
    for (const member of settled.teamSplit.members) {
      addLine({
        source: settled.incomeClass,
        recipient: { kind: 'PERSON', personId: member.personId, name: member.name },
        unit: 'FEN',
        amount: member.final,
        tax: cashRewardTaxInfo({
          source: settled.incomeClass,
          amountFen: member.final,
          techContractRegNo: input.deal.techContractRegNo,
          taxRules: benefitShare.taxRules,
          earliestIncomeOn,
          plannedPayoutOn: input.plannedPayoutOn,
        }),
      });
    }
    for (const { part, recipient } of NON_TEAM_RECIPIENTS) {
      addLine({ source: settled.incomeClass, recipient, unit: 'FEN', amount: settled.shares[part], tax: NOT_PERSONAL_INCOME_TAX });
    }
    const classLineSum = sumFen(lines.filter((line) => line.source === settled.incomeClass).map((line) => line.amount));
    assertInvariant(classLineSum === settled.netFen, `${settled.incomeClass} lines add up to ${classLineSum}, not ${settled.netFen}`);
  }
  if (equity !== null) {
    const equityTax = equityRewardTaxInfo({ taxRules: benefitShare.taxRules });
    for (const member of equity.teamSplit.members) {
      addLine({
        source: 'EQUITY_GRANT',
        recipient: { kind: 'PERSON', personId: member.personId, name: member.name },
        unit: 'SHARES',
        amount: member.final,
        tax: equityTax,
      });
    }
    for (const { part, recipient } of NON_TEAM_RECIPIENTS) {
      addLine({ source: 'EQUITY_GRANT', recipient, unit: 'SHARES', amount: equity.shares[part], tax: NOT_PERSONAL_INCOME_TAX });
    }
    const equityLineSum = lines.filter((line) => line.source === 'EQUITY_GRANT').reduce((sum, line) => sum + line.amount, 0);
    assertInvariant(equityLineSum === equity.sharesGranted, `equity lines add up to ${equityLineSum}, not ${equity.sharesGranted}`);
  }

  const people: TPersonTotals[] = input.team.map((member) => {
    const mine = lines.filter((line) => line.recipient.kind === 'PERSON' && line.recipient.personId === member.personId);
    const cash = mine.filter((line) => line.unit === 'FEN');
    return {
      personId: member.personId,
      name: member.name,
      cashFen: sumFen(cash.map((line) => line.amount)),
      taxableWageIncomeFen: sumFen(cash.map((line) => line.tax.taxableWageIncomeFen ?? 0)),
      shares: mine.filter((line) => line.unit === 'SHARES').reduce((sum, line) => sum + line.amount, 0),
    };
  });

  const sumOver = (pick: (settled: TClassSettlement) => Fen): Fen => sumFen(classes.map(pick));
  const totals = {
    grossFen: sumOver((c) => c.grossFen),
    deductionsFen: sumOver((c) => c.deductionsFen),
    netFen: sumOver((c) => c.netFen),
    teamFen: sumOver((c) => c.shares.team),
    institutionFen: sumOver((c) => c.shares.institution),
    departmentFen: sumOver((c) => c.shares.department),
    ttoFundFen: sumOver((c) => c.shares.ttoFund),
    taxableWageIncomeFen: sumFen(people.map((person) => person.taxableWageIncomeFen)),
    sharesGranted: equity?.sharesGranted ?? 0,
    teamShares: equity?.shares.team ?? 0,
  };
  assertInvariant(
    totals.grossFen === sumFen(input.incomeEvents.map((event) => event.amountFen)),
    'gross income differs from the income events',
  );
  assertInvariant(
    totals.teamFen + totals.institutionFen + totals.departmentFen + totals.ttoFundFen === totals.netFen,
    'the four shares differ from net income',
  );
  assertInvariant(sumFen(people.map((person) => person.cashFen)) === totals.teamFen, 'people’s cash differs from the team reward');

  const approvalAmountFen = sumFen([totals.netFen, input.equityGrant?.valuationFen ?? 0]);
  const { tier, tierIndex } = settlementApproverFor({ benefitShare, amountFen: approvalAmountFen });

  const notes: LocalizedText[] = [...RULE_NOTES];
  if (benefitShare.mainContributorsMinBp !== null) notes.push(mainContributorNote(benefitShare.mainContributorsMinBp));
  notes.push(TAX_NOTE);

  return {
    settlementId: input.settlementId,
    kind: input.kind,
    deal: {
      id: input.deal.id,
      reference: input.deal.reference,
      title: input.deal.title,
      mode: input.deal.mode,
      techContractRegNo: input.deal.techContractRegNo,
    },
    period: { from: input.period.from, to: input.period.to },
    profile: { key: profile.key, version: profile.version },
    classes,
    equity,
    lines,
    people,
    totals,
    approval: {
      amountFen: approvalAmountFen,
      tierIndex,
      approverRole: tier.approverRole,
      label: tier.label,
      leadershipRequired: tier.approverRole !== null,
    },
    publicity: { days: benefitShare.publicity.days, dayKind: benefitShare.publicity.dayKind },
    notes,
  };
}
