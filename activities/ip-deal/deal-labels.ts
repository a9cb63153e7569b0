// How a deal's facts are written in notices and contracts (Chinese of record, English beside).
import { DEAL_MODE_LABELS, EXCLUSIVITY_LABELS, type DealMode, type TDealTerms } from '../../domain/licensing';
import { formatCny, type Fen } from '../../domain/money';
import { IP_ASSET_KIND_LABELS, labelOf, percentOfBasisPoints } from '../spinout-case/case-labels';
import { chineseUppercaseAmount } from './contract/chinese-amount';

/** The parties' names by mode: who gives and who takes the result. */
export const PARTY_ROLES: Record<DealMode, { institution: string; counterparty: string; counterpartyEn: string }> = {
  TRANSFER: { institution: '转让方', counterparty: '受让方', counterpartyEn: 'transferee' },
  LICENCE: { institution: '许可方', counterparty: '被许可方', counterpartyEn: 'licensee' },
  EQUITY: { institution: '出资方', counterparty: '被投资企业', counterpartyEn: 'investee company' },
};

/** ¥1,000,000.00（人民币壹佰万元整） */
export function cnyWithWords(fen: Fen): string {
  return `${formatCny(fen)}（人民币${chineseUppercaseAmount(fen)}）`;
}

export function assetLine(asset: { kind: string; title: string; number: string | null }): string {
  return `${labelOf(IP_ASSET_KIND_LABELS, asset.kind).zh}《${asset.title}》${asset.number ? `（${asset.number}）` : ''}`;
}

export function modeText(mode: DealMode, terms: TDealTerms): string {
  const label = DEAL_MODE_LABELS[mode].zh;
  return mode === 'LICENCE' && terms.exclusivity ? `${label}（${EXCLUSIVITY_LABELS[terms.exclusivity].zh}）` : label;
}

/** Every amount of the terms, one line each (what the publicity shows next to the price). */
export function priceLines(mode: DealMode, terms: TDealTerms): string[] {
  const lines: string[] = [];
  if (terms.upfrontFeeFen > 0) lines.push(`${mode === 'LICENCE' ? '入门费' : mode === 'TRANSFER' ? '转让价款' : '现金对价'}：${formatCny(terms.upfrontFeeFen)}`);
  for (const milestone of terms.milestones) if (milestone.amountFen > 0) lines.push(`里程碑付款（${milestone.event}）：${formatCny(milestone.amountFen)}`);
  if (terms.royalty) lines.push(`提成：净销售额的 ${percentOfBasisPoints(terms.royalty.rateBp)}`);
  if (terms.minimumAnnualRoyaltyFen !== undefined && terms.minimumAnnualRoyaltyFen > 0) lines.push(`最低年使用费：${formatCny(terms.minimumAnnualRoyaltyFen)}`);
  if (terms.equity) lines.push(`作价金额：${formatCny(terms.equity.valuationFen)}，折合 ${terms.equity.shares} 股，占公司股权 ${percentOfBasisPoints(terms.equity.companyShareBp)}`);
  return lines;
}
