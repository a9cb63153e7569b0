import { describe, expect, it } from 'vitest';
import { cashRewardTaxInfo, equityRewardTaxInfo, halfRoundedUp } from './tax-info';

const rules = { techContractHalfWageIncome: true, equityRewardDeferral: true };
const cash = (overrides: Partial<Parameters<typeof cashRewardTaxInfo>[0]> = {}) =>
  cashRewardTaxInfo({
    source: 'LICENCE_TRANSFER',
    amountFen: 12_345,
    techContractRegNo: '2025110108000123',
    taxRules: rules,
    earliestIncomeOn: '2025-02-28',
    plannedPayoutOn: null,
    ...overrides,
  });

describe('halfRoundedUp', () => {
  it('halves, rounding an odd half fen up', () => {
    expect([0, 1, 2, 3, 12_345, 12_346, 9_007_199_254_740_991].map(halfRoundedUp)).toEqual([
      0, 1, 1, 2, 6_173, 6_173, 4_503_599_627_370_496,
    ]);
    expect(halfRoundedUp(-3)).toBe(-2);
    expect(() => halfRoundedUp(1.5)).toThrow(/whole number of fen/);
  });
});

describe('cashRewardTaxInfo', () => {
  it('counts 50% as wage income with a registration, within 36 months (财税〔2018〕58号)', () => {
    const info = cash();
    expect(info).toMatchObject({ treatment: 'WAGE_INCOME_HALF', taxableWageIncomeFen: 6_173, citation: '财税〔2018〕58号', reliefDeadline: '2028-02-28' });
    expect(info.note.zh).toContain('¥123.45 × 50% = ¥61.73');
    expect(info.note.en).toContain('2025110108000123');
    expect(cash({ plannedPayoutOn: '2028-02-28' }).treatment).toBe('WAGE_INCOME_HALF');
  });

  it('counts 100% without a registration, outside transfer/licence income, late, or for a non-qualifying institution', () => {
    expect(cash({ techContractRegNo: null })).toMatchObject({ treatment: 'WAGE_INCOME_FULL', taxableWageIncomeFen: 12_345, citation: null });
    expect(cash({ source: 'EQUITY_PROCEEDS' }).taxableWageIncomeFen).toBe(12_345);
    expect(cash({ source: 'SELF_IMPLEMENTATION' }).taxableWageIncomeFen).toBe(12_345);
    expect(cash({ plannedPayoutOn: '2028-02-29' })).toMatchObject({ treatment: 'WAGE_INCOME_FULL', reliefDeadline: '2028-02-28' });
    expect(cash({ taxRules: { ...rules, techContractHalfWageIncome: false } }).taxableWageIncomeFen).toBe(12_345);
    expect(cash({ techContractRegNo: null }).note.en).toBe('The contract has no technology-contract registration: the full ¥123.45 counts as wage income.');
  });
});

describe('equityRewardTaxInfo', () => {
  it('flags the deferral of 财税〔2016〕101号, or its absence', () => {
    expect(equityRewardTaxInfo({ taxRules: rules })).toMatchObject({ treatment: 'EQUITY_DEFERRAL', citation: '财税〔2016〕101号', taxableWageIncomeFen: null });
    expect(equityRewardTaxInfo({ taxRules: { ...rules, equityRewardDeferral: false } }).treatment).toBe('EQUITY_AT_GRANT');
  });
});
