import { assertFen, type Fen } from './fen';

export interface FormatCnyOptions {
  /** Prefix with ¥ (default true); false gives `1,234.56` for tables and CSV. */
  readonly symbol?: boolean;
  /** Group thousands with commas (default true); false gives `1234.56`, e.g. for CSV cells. */
  readonly grouping?: boolean;
}

/**
 * `123456` fen → `¥1,234.56`; negatives as `-¥1,234.56`. Built by hand rather than with
 * `Intl.NumberFormat` so the output never depends on the ICU data of a given Node build.
 */
export function formatCny(fen: Fen, { symbol = true, grouping = true }: FormatCnyOptions = {}): string {
  assertFen(fen);
  const absolute = Math.abs(fen);
  const whole = String(Math.floor(absolute / 100));
  const yuan = grouping ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : whole;
  const cents = String(absolute % 100).padStart(2, '0');
  return `${fen < 0 ? '-' : ''}${symbol ? '¥' : ''}${yuan}.${cents}`;
}
