// How each source of a payout line is named on statements and in exports.
import type { LocalizedText } from '../../domain/localized-text';
import type { PayoutSource } from '../../domain/settlement';

export const PAYOUT_SOURCE_LABELS: Readonly<Record<PayoutSource, LocalizedText>> = {
  LICENCE_TRANSFER: { zh: '转让、许可收入现金奖励', en: 'Cash reward from transfer and licence income' },
  EQUITY_PROCEEDS: { zh: '股权收益现金奖励', en: 'Cash reward from equity proceeds' },
  SELF_IMPLEMENTATION: { zh: '自行实施营业利润奖励', en: 'Reward from self-implementation profit' },
  EQUITY_GRANT: { zh: '股权奖励', en: 'Equity reward' },
};
