import { AppError } from '../errors';
import type { Fen } from './fen';

// Optional minus, optional ¥ (ASCII-range U+00A5 or the full-width ￥ Chinese keyboards type),
// whole yuan either plain or grouped in threes with commas, at most two decimals.
const CNY_PATTERN = /^(-)?[¥￥]?(0|[1-9]\d*|[1-9]\d{0,2}(?:,\d{3})+)(?:\.(\d{1,2}))?$/;

/**
 * Parses a yuan amount such as `¥1,234.56`, `1234.5`, `￥2,000,000` or `-¥0.01` into fen.
 * More than two decimals, stray characters or wrong digit grouping are refused instead of
 * rounded: an amount that reaches the ledger must be exactly what the person typed.
 */
export function parseCny(text: string): Fen {
  const match = CNY_PATTERN.exec(text.trim());
  if (match === null) {
    throw new AppError('VALIDATION_FAILED', `Not a CNY amount with at most two decimals: "${text}"`, {
      details: { value: text },
    });
  }
  const [, minus, yuanText = '0', centsText = ''] = match;
  const fen = BigInt(yuanText.replaceAll(',', '')) * 100n + BigInt(centsText.padEnd(2, '0'));
  if (fen > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new AppError('VALIDATION_FAILED', `CNY amount is too large: "${text}"`, { details: { value: text } });
  }
  const value = Number(fen);
  return minus !== undefined && value !== 0 ? -value : value;
}
