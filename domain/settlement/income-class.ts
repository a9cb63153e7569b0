import { z } from 'zod';
import type { LocalizedText } from '../localized-text';
import type { TBenefitSharePolicy, TShareSplit } from '../policy/policy-profile';

/**
 * What the institution received, and which split of the policy profile applies to it.
 *
 * - LICENCE_TRANSFER (转让、许可净收入): fees and royalties under a transfer or licence,
 *   split by `benefitShare.licenceIncome` (team ≥ 50% by law).
 * - EQUITY_PROCEEDS (作价投资): cash from equity the institution holds for the result —
 *   dividends and exit proceeds — split by `benefitShare.equity` (team ≥ 50% by law). Use it
 *   when the team's part of the equity was not granted to them as shares.
 * - SELF_IMPLEMENTATION (自行实施): operating profit from implementing the result itself,
 *   split by `benefitShare.selfImplementation` (team ≥ 5% for 3–5 years by law).
 *
 * Shares received for 作价投资 are not income events: they are an `equityGrant` of the
 * settlement, split in shares by `benefitShare.equity`.
 */
export const INCOME_CLASSES = ['LICENCE_TRANSFER', 'EQUITY_PROCEEDS', 'SELF_IMPLEMENTATION'] as const;
export type IncomeClass = (typeof INCOME_CLASSES)[number];
export const ZIncomeClass = z.enum(INCOME_CLASSES);

export const INCOME_EVENT_KINDS = [
  'UPFRONT',
  'MILESTONE',
  'ROYALTY',
  /** The licensee pays the difference up to the contract's minimum annual royalty. */
  'MINIMUM_ROYALTY_TOP_UP',
  'DIVIDEND',
  'EQUITY_EXIT',
  'OPERATING_PROFIT',
  /** Other income under a transfer or licence contract (e.g. late-payment interest); needs a note. */
  'OTHER',
] as const;
export type IncomeEventKind = (typeof INCOME_EVENT_KINDS)[number];
export const ZIncomeEventKind = z.enum(INCOME_EVENT_KINDS);

const CLASS_OF_KIND: Readonly<Record<IncomeEventKind, IncomeClass>> = {
  UPFRONT: 'LICENCE_TRANSFER',
  MILESTONE: 'LICENCE_TRANSFER',
  ROYALTY: 'LICENCE_TRANSFER',
  MINIMUM_ROYALTY_TOP_UP: 'LICENCE_TRANSFER',
  OTHER: 'LICENCE_TRANSFER',
  DIVIDEND: 'EQUITY_PROCEEDS',
  EQUITY_EXIT: 'EQUITY_PROCEEDS',
  OPERATING_PROFIT: 'SELF_IMPLEMENTATION',
};

export function incomeClassOf(kind: IncomeEventKind): IncomeClass {
  return CLASS_OF_KIND[kind];
}

/** The profile field whose split applies to a class, as named in statements and errors. */
export const SPLIT_FIELD_OF_CLASS: Readonly<Record<IncomeClass, 'licenceIncome' | 'equity' | 'selfImplementation'>> = {
  LICENCE_TRANSFER: 'licenceIncome',
  EQUITY_PROCEEDS: 'equity',
  SELF_IMPLEMENTATION: 'selfImplementation',
};

/** The four-way split (without `years`) that applies to one class of income. */
export function splitFor(benefitShare: TBenefitSharePolicy, incomeClass: IncomeClass): TShareSplit {
  const { teamBp, institutionBp, departmentBp, ttoFundBp } = benefitShare[SPLIT_FIELD_OF_CLASS[incomeClass]];
  return { teamBp, institutionBp, departmentBp, ttoFundBp };
}

export const INCOME_CLASS_LABELS: Readonly<Record<IncomeClass, LocalizedText>> = {
  LICENCE_TRANSFER: { zh: '转让、许可收入', en: 'Transfer and licence income' },
  EQUITY_PROCEEDS: { zh: '作价投资股权收益（分红、退出）', en: 'Equity proceeds (dividends, exits)' },
  SELF_IMPLEMENTATION: { zh: '自行实施营业利润', en: 'Operating profit from self-implementation' },
};

export const INCOME_EVENT_KIND_LABELS: Readonly<Record<IncomeEventKind, LocalizedText>> = {
  UPFRONT: { zh: '入门费', en: 'Upfront fee' },
  MILESTONE: { zh: '里程碑付款', en: 'Milestone payment' },
  ROYALTY: { zh: '提成费', en: 'Royalty' },
  MINIMUM_ROYALTY_TOP_UP: { zh: '最低提成费补足', en: 'Minimum royalty top-up' },
  DIVIDEND: { zh: '股权分红', en: 'Dividend' },
  EQUITY_EXIT: { zh: '股权退出收益', en: 'Equity exit proceeds' },
  OPERATING_PROFIT: { zh: '营业利润', en: 'Operating profit' },
  OTHER: { zh: '其他收入', en: 'Other income' },
};
