import { describe, expect, it } from 'vitest';
import { ZDealDraft, type TDealDraft } from './deal-draft';
import { dealTotalValueFen } from './deal-value';
import { termsAtExchangePrice } from './exchange-price';
import { equity, licence, transfer, WAN } from './test-drafts';

const parse = (draft: unknown) => ZDealDraft.parse(draft) as TDealDraft;

describe('termsAtExchangePrice', () => {
  it('a transfer or a licence: the final price is the upfront fee; milestones and royalties stay', () => {
    const listed = parse(licence({ upfrontFeeFen: 100 * WAN, milestones: [{ event: '样机验收', amountFen: 50 * WAN }] }, { pricingMethod: 'LISTED' }));
    const concluded = termsAtExchangePrice(listed, 123 * WAN + 45);
    expect(concluded.terms).toEqual({ ...listed.terms, upfrontFeeFen: 123 * WAN + 45 });
    expect(dealTotalValueFen(concluded)).toBe(173 * WAN + 45);
    expect(termsAtExchangePrice(parse(transfer({ upfrontFeeFen: 150 * WAN }, { pricingMethod: 'AUCTION' })), 210 * WAN).terms.upfrontFeeFen).toBe(210 * WAN);
    // The draft it came from is left as it was.
    expect(listed.terms.upfrontFeeFen).toBe(100 * WAN);
  });

  it('作价投资: the final price is the agreed value of the result invested; the shares stay', () => {
    const listed = parse(equity({}, { pricingMethod: 'AUCTION' }));
    const concluded = termsAtExchangePrice(listed, 650 * WAN);
    expect(concluded.terms.equity).toEqual({ ...listed.terms.equity, valuationFen: 650 * WAN });
    expect(concluded.terms.upfrontFeeFen).toBe(listed.terms.upfrontFeeFen);
  });
});
