import { z } from 'zod';
import type { LocalizedText } from '../localized-text';

/** 转让 (transfer of ownership), 许可 (licence), 作价投资 (the result invested for equity). */
export const DEAL_MODES = ['TRANSFER', 'LICENCE', 'EQUITY'] as const;
export type DealMode = (typeof DEAL_MODES)[number];
export const ZDealMode = z.enum(DEAL_MODES, { error: `mode must be one of ${DEAL_MODES.join(', ')}` });

/** 《促进科技成果转化法》第十八条: 协议定价, 在技术交易市场挂牌交易, 拍卖. */
export const PRICING_METHODS = ['AGREED', 'LISTED', 'AUCTION'] as const;
export type PricingMethod = (typeof PRICING_METHODS)[number];
export const ZPricingMethod = z.enum(PRICING_METHODS, { error: `pricingMethod must be one of ${PRICING_METHODS.join(', ')}` });

export const EXCLUSIVITIES = ['EXCLUSIVE', 'SOLE', 'NON_EXCLUSIVE'] as const;
export type Exclusivity = (typeof EXCLUSIVITIES)[number];

export const SUBLICENSING = ['NONE', 'WITH_CONSENT', 'ALLOWED'] as const;
export const ROYALTY_PERIODS = ['QUARTERLY', 'HALF_YEARLY', 'YEARLY'] as const;
export type RoyaltyPeriodKind = (typeof ROYALTY_PERIODS)[number];
export const MONTHS_PER_ROYALTY_PERIOD: Record<RoyaltyPeriodKind, number> = { QUARTERLY: 3, HALF_YEARLY: 6, YEARLY: 12 };

export const DEAL_MODE_LABELS: Record<DealMode, LocalizedText> = {
  TRANSFER: { zh: '转让', en: 'Transfer' },
  LICENCE: { zh: '许可', en: 'Licence' },
  EQUITY: { zh: '作价投资', en: 'Equity investment' },
};

export const PRICING_METHOD_LABELS: Record<PricingMethod, LocalizedText> = {
  AGREED: { zh: '协议定价', en: 'Agreed price' },
  LISTED: { zh: '挂牌交易', en: 'Listed on an exchange' },
  AUCTION: { zh: '拍卖', en: 'Auction' },
};

export const EXCLUSIVITY_LABELS: Record<Exclusivity, LocalizedText> = {
  EXCLUSIVE: { zh: '独占许可', en: 'Exclusive' },
  SOLE: { zh: '排他许可', en: 'Sole' },
  NON_EXCLUSIVE: { zh: '普通许可', en: 'Non-exclusive' },
};
