import { describe, expect, it } from 'vitest';
import { ZDealDraft, type TDealTerms } from './deal-draft';
import { dealTotalValueFen } from './deal-value';
import { equity, licence, transfer, WAN } from './test-drafts';

const termsOf = (draft: unknown): TDealTerms => ZDealDraft.parse(draft).terms;

describe('dealTotalValueFen', () => {
  it('a licence: upfront + every milestone + the minimum royalty for each licence year (rounded up); not running royalties or patent costs', () => {
    const terms = termsOf(
      licence({
        upfrontFeeFen: 100 * WAN,
        milestones: [
          { event: '样机验收', amountFen: 50 * WAN },
          { event: '首次销售', amountFen: 30 * WAN + 1 },
        ],
        termMonths: 30, // 2.5 years → three minimums
        minimumAnnualRoyaltyFen: 20 * WAN,
        patentCostReimbursementFen: 5 * WAN,
      }),
    );
    expect(dealTotalValueFen({ mode: 'LICENCE', terms })).toBe(100 * WAN + 80 * WAN + 1 + 3 * 20 * WAN);
  });

  it('a licence with only a running royalty is worth nothing certain', () => {
    expect(dealTotalValueFen({ mode: 'LICENCE', terms: termsOf(licence({ upfrontFeeFen: 0 })) })).toBe(0);
  });

  it('a transfer: the price and its milestones', () => {
    const terms = termsOf(transfer({ upfrontFeeFen: 150 * WAN, milestones: [{ event: '专利授权', amountFen: 10 * WAN }] }));
    expect(dealTotalValueFen({ mode: 'TRANSFER', terms })).toBe(160 * WAN);
  });

  it('作价投资: the agreed value of the result plus any cash', () => {
    const terms = termsOf(equity({ upfrontFeeFen: 2 * WAN }));
    expect(dealTotalValueFen({ mode: 'EQUITY', terms })).toBe(122 * WAN);
    // The minimum royalty counts for licences only (the submission refuses it elsewhere).
    expect(dealTotalValueFen({ mode: 'EQUITY', terms: { ...terms, minimumAnnualRoyaltyFen: 9 * WAN, termMonths: 12 } })).toBe(122 * WAN);
  });

  it('adds exactly, and refuses a total that would lose precision', () => {
    const terms = termsOf(transfer({ upfrontFeeFen: 1, milestones: [{ event: 'a', amountFen: 2 }] }));
    expect(dealTotalValueFen({ mode: 'TRANSFER', terms })).toBe(3);
    const huge = { ...terms, upfrontFeeFen: Number.MAX_SAFE_INTEGER, milestones: [{ event: 'a', amountFen: 1, dueDaysAfterEvent: 30 }] };
    expect(() => dealTotalValueFen({ mode: 'TRANSFER', terms: huge })).toThrow(/total must be a whole number of fen/);
  });
});
