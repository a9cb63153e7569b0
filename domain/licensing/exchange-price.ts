import type { Fen } from '../money/fen';
import type { TDealDraft } from './deal-draft';

/**
 * The terms once a 挂牌交易 / 拍卖 has concluded: the price the exchange set is what the
 * counterparty pays for the result, so it replaces the price the deal was listed with — the
 * upfront fee of a transfer or licence, the agreed value of the result invested for 作价投资.
 * Milestones, royalties and the rest of the terms are the contract's, not the listing's, and
 * stay as they were.
 */
export function termsAtExchangePrice(draft: TDealDraft, finalPriceFen: Fen): TDealDraft {
  if (draft.mode === 'EQUITY' && draft.terms.equity !== undefined) {
    return { ...draft, terms: { ...draft.terms, equity: { ...draft.terms.equity, valuationFen: finalPriceFen } } };
  }
  return { ...draft, terms: { ...draft.terms, upfrontFeeFen: finalPriceFen } };
}
