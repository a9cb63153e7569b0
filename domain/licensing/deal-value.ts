import { sumFen, type Fen } from '../money/fen';
import type { DealMode } from './deal-mode';
import type { TDealTerms } from './deal-draft';

/**
 * The total contract value of a deal: the amount that picks its approval tier and is published
 * for 协议定价. It counts what is certain or committed, not hoped-for royalties:
 *   upfront fee + every milestone + minimum annual royalty × licence years (rounded up)
 *   + for 作价投资, the agreed value of the contributed result.
 * Running royalties on future sales are not counted (unknown at signing); patent-cost
 * reimbursement is not income from the result and is not counted either.
 */
export function dealTotalValueFen({ mode, terms }: { mode: DealMode; terms: TDealTerms }): Fen {
  const licenceYears = terms.termMonths === undefined ? 0 : Math.ceil(terms.termMonths / 12);
  return sumFen([
    terms.upfrontFeeFen,
    ...terms.milestones.map((milestone) => milestone.amountFen),
    mode === 'LICENCE' && terms.minimumAnnualRoyaltyFen !== undefined ? terms.minimumAnnualRoyaltyFen * licenceYears : 0,
    mode === 'EQUITY' && terms.equity !== undefined ? terms.equity.valuationFen : 0,
  ]);
}
