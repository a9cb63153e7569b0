import { AppError } from '../errors';
import { INCOME_CLASS_LABELS } from './income-class';
import { formatAmount, type Lang } from './settlement-format';
import type { TExplanationStep, TPayoutLine, TSettlementResult, TTeamSplit } from './settlement-result';

export const STATEMENT_LINE_KINDS = ['HEADING', 'STEP', 'TOTAL', 'NOTE'] as const;
export type StatementLineKind = (typeof STATEMENT_LINE_KINDS)[number];

/** One printable line: a label, the figure formatted (¥1,234.56 / 1,000 股 / 70%), and how it was reached. */
export interface TStatementLine {
  readonly kind: StatementLineKind;
  readonly label: string;
  readonly value: string | null;
  readonly detail: string | null;
}

export interface TStatement {
  readonly lang: Lang;
  readonly title: string;
  readonly settlementId: string;
  readonly recipient: { readonly personId: string; readonly name: string };
  /** Header facts: deal, period, settlement, policy, contract registration. */
  readonly facts: readonly { readonly label: string; readonly value: string }[];
  readonly lines: readonly TStatementLine[];
  readonly totals: { readonly cashFen: number; readonly taxableWageIncomeFen: number; readonly shares: number };
}

export interface StatementForOptions {
  readonly result: TSettlementResult;
  readonly personId: string;
  readonly lang: Lang;
}

const T = {
  title: { zh: '科技成果转化收益分配个人明细', en: 'Benefit-sharing statement' },
  deal: { zh: '项目', en: 'Deal' },
  period: { zh: '期间', en: 'Period' },
  settlement: { zh: '分配编号', en: 'Settlement' },
  recipient: { zh: '获奖人', en: 'Recipient' },
  policy: { zh: '政策版本', en: 'Policy' },
  registration: { zh: '技术合同登记号', en: 'Technology contract registration' },
  none: { zh: '无', en: 'none' },
  equity: { zh: '作价投资股权奖励', en: 'Equity reward (作价投资)' },
  taxable: { zh: '计入工资、薪金所得', en: 'Counted as wage income' },
  taxEquity: { zh: '股权奖励纳税', en: 'Tax on the equity reward' },
  totalCash: { zh: '现金奖励合计', en: 'Cash reward, total' },
  totalTaxable: { zh: '计入工资、薪金所得合计', en: 'Counted as wage income, total' },
  totalShares: { zh: '股权奖励合计', en: 'Shares, total' },
  notes: { zh: '说明', en: 'Notes' },
} as const;

function stepLine(step: TExplanationStep, lang: Lang): TStatementLine {
  return {
    kind: 'STEP',
    label: step.label[lang],
    value: step.value === null ? null : formatAmount(step.value.unit, step.value.amount, lang),
    detail: step.detail === null ? null : step.detail[lang],
  };
}

function memberSteps(split: TTeamSplit, personId: string): TExplanationStep[] {
  return split.members.find((member) => member.personId === personId)?.steps ?? [];
}

/**
 * The content of one person's statement, line by line, in one language: the deal's income and
 * deductions, the four shares, the person's contribution share and reward, the main-contributor
 * adjustment if any, the tax treatment, totals and the rules applied. Only the person's own
 * amounts are shown, never another member's. A PDF renderer prints it as it is.
 * Refused with NOT_FOUND for someone who is not in the settlement's team.
 */
export function statementFor({ result, personId, lang }: StatementForOptions): TStatement {
  const person = result.people.find((candidate) => candidate.personId === personId);
  if (person === undefined) {
    throw new AppError('NOT_FOUND', `Person ${personId} is not in settlement ${result.settlementId}`, {
      details: { personId, settlementId: result.settlementId },
    });
  }
  const lineOf = (source: TPayoutLine['source']): TPayoutLine | undefined =>
    result.lines.find((line) => line.source === source && line.recipient.kind === 'PERSON' && line.recipient.personId === personId);

  const lines: TStatementLine[] = [];
  for (const settled of result.classes) {
    lines.push({ kind: 'HEADING', label: INCOME_CLASS_LABELS[settled.incomeClass][lang], value: null, detail: null });
    for (const step of settled.steps) lines.push(stepLine(step, lang));
    for (const step of memberSteps(settled.teamSplit, personId)) lines.push(stepLine(step, lang));
    const payout = lineOf(settled.incomeClass);
    if (payout !== undefined) {
      lines.push({
        kind: 'STEP',
        label: T.taxable[lang],
        value: formatAmount('FEN', payout.tax.taxableWageIncomeFen ?? 0, lang),
        detail: payout.tax.note[lang],
      });
    }
  }
  if (result.equity !== null) {
    lines.push({ kind: 'HEADING', label: T.equity[lang], value: null, detail: null });
    for (const step of result.equity.steps) lines.push(stepLine(step, lang));
    for (const step of memberSteps(result.equity.teamSplit, personId)) lines.push(stepLine(step, lang));
    const payout = lineOf('EQUITY_GRANT');
    if (payout !== undefined) lines.push({ kind: 'STEP', label: T.taxEquity[lang], value: null, detail: payout.tax.note[lang] });
  }
  lines.push({ kind: 'TOTAL', label: T.totalCash[lang], value: formatAmount('FEN', person.cashFen, lang), detail: null });
  lines.push({ kind: 'TOTAL', label: T.totalTaxable[lang], value: formatAmount('FEN', person.taxableWageIncomeFen, lang), detail: null });
  if (result.equity !== null) {
    lines.push({ kind: 'TOTAL', label: T.totalShares[lang], value: formatAmount('SHARES', person.shares, lang), detail: null });
  }
  lines.push({ kind: 'HEADING', label: T.notes[lang], value: null, detail: null });
  for (const note of result.notes) lines.push({ kind: 'NOTE', label: note[lang], value: null, detail: null });

  return {
    lang,
    title: T.title[lang],
    settlementId: result.settlementId,
    recipient: { personId: person.personId, name: person.name },
    facts: [
      { label: T.deal[lang], value: `${result.deal.reference} ${result.deal.title}` },
      { label: T.period[lang], value: `${result.period.from} – ${result.period.to}` },
      { label: T.settlement[lang], value: result.settlementId },
      { label: T.recipient[lang], value: person.name },
      { label: T.policy[lang], value: `${result.profile.key} v${result.profile.version}` },
      { label: T.registration[lang], value: result.deal.techContractRegNo ?? T.none[lang] },
    ],
    lines,
    totals: { cashFen: person.cashFen, taxableWageIncomeFen: person.taxableWageIncomeFen, shares: person.shares },
  };
}
