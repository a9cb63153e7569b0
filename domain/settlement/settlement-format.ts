import { formatCny } from '../money/format-cny';
import type { LocalizedText } from '../localized-text';

/** Units an explained amount can be in: money (fen), shares, or a rate (basis points). */
export type StepUnit = 'FEN' | 'SHARES' | 'BP';
export type Lang = keyof LocalizedText;

const group = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** 7000 → `70%`, 3333 → `33.33%`, 5 → `0.05%`. */
export function formatBp(bp: number): string {
  const sign = bp < 0 ? '-' : '';
  const absolute = Math.abs(bp);
  const whole = Math.floor(absolute / 100);
  const fraction = String(absolute % 100).padStart(2, '0').replace(/0+$/, '');
  return `${sign}${whole}${fraction === '' ? '' : `.${fraction}`}%`;
}

/** 12345 → `12,345 股` / `12,345 shares`. */
export function formatShares(shares: number, lang: Lang): string {
  const text = `${shares < 0 ? '-' : ''}${group(String(Math.abs(shares)))}`;
  return lang === 'zh' ? `${text} 股` : `${text} ${Math.abs(shares) === 1 ? 'share' : 'shares'}`;
}

export function formatAmount(unit: StepUnit, amount: number, lang: Lang): string {
  if (unit === 'FEN') return formatCny(amount);
  if (unit === 'SHARES') return formatShares(amount, lang);
  return formatBp(amount);
}

export function localizedAmount(unit: StepUnit, amount: number): LocalizedText {
  return { zh: formatAmount(unit, amount, 'zh'), en: formatAmount(unit, amount, 'en') };
}

/**
 * The exact quota `numerator / denominator` (in fen or shares) before rounding, so a
 * statement can show "¥1,234.56 × 33.33% = ¥411.4789 → ¥411.48". Printed exactly when it has
 * at most 6 decimals of yuan (4 of shares), otherwise cut there and marked with ≈.
 */
export function formatQuota(numerator: bigint, denominator: bigint, unit: 'FEN' | 'SHARES', lang: Lang): string {
  // FEN: value in yuan = n / (100 d), printed with 6 decimals → scaled = n × 10^4 / d.
  // SHARES: value = n / d, printed with 4 decimals → scaled = n × 10^4 / d. Same scaling.
  const decimals = unit === 'FEN' ? 6 : 4;
  const scaled = (numerator * 10_000n) / denominator;
  const exact = (numerator * 10_000n) % denominator === 0n;
  const digits = scaled.toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const minDecimals = unit === 'FEN' ? 2 : 0;
  let fraction = digits.slice(digits.length - decimals);
  while (fraction.length > minDecimals && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  const number = `${group(whole)}${fraction === '' ? '' : `.${fraction}`}`;
  const prefix = exact ? '' : '≈';
  if (unit === 'FEN') return `${prefix}¥${number}`;
  return lang === 'zh' ? `${prefix}${number} 股` : `${prefix}${number} shares`;
}

export function localizedQuota(numerator: bigint, denominator: bigint, unit: 'FEN' | 'SHARES'): LocalizedText {
  return { zh: formatQuota(numerator, denominator, unit, 'zh'), en: formatQuota(numerator, denominator, unit, 'en') };
}
