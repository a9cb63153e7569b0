import { assertFen, type Fen } from './fen';

export interface FormatCnyOptions {
  /** Prefix with ¥ (default true); false gives `1,234.56` for tables and CSV. */
  readonly symbol?: boolean;
}

/**
 * `123456` fen → `¥1,234.56`; negatives as `-¥1,234.56`. Built by hand rather than with
 * `Intl.NumberFormat` so the output never depends on the ICU data of a given Node build.
 */
export function formatCny(fen: Fen, { symbol = true }: FormatCnyOptions = {}): string {
  assertFen(fen);
  const absolute = Math.abs(fen);
  const yuan = String(Math.floor(absolute / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = String(absolute % 100).padStart(2, '0');
  return `${fen < 0 ? '-' : ''}${symbol ? '¥' : ''}${yuan}.${cents}`;
}
