import { z } from 'zod';
import type { LocalizedText } from '../localized-text';

/**
 * How a result is converted (转化方式), as counted in the institution's annual conversion
 * report. TRANSFER / LICENCE / EQUITY match the IP deal modes (转让 / 许可 / 作价投资);
 * SELF_IMPLEMENTATION (自行实施) has no counterparty deal but is settled the same way.
 */
export const CONVERSION_MODES = ['TRANSFER', 'LICENCE', 'EQUITY', 'SELF_IMPLEMENTATION'] as const;
export type ConversionMode = (typeof CONVERSION_MODES)[number];
export const ZConversionMode = z.enum(CONVERSION_MODES);

export const CONVERSION_MODE_LABELS: Readonly<Record<ConversionMode, LocalizedText>> = {
  TRANSFER: { zh: '转让', en: 'Transfer' },
  LICENCE: { zh: '许可', en: 'Licence' },
  EQUITY: { zh: '作价投资', en: 'Equity investment' },
  SELF_IMPLEMENTATION: { zh: '自行实施', en: 'Self-implementation' },
};
