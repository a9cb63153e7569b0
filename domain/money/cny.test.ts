import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { fenFromBigInt, sumFen, ZFen } from './fen';
import { formatCny } from './format-cny';
import { parseCny } from './parse-cny';

describe('parseCny', () => {
  it('reads yuan amounts into fen', () => {
    expect(parseCny('¥1,234.56')).toBe(123456);
    expect(parseCny('1234.5')).toBe(123450);
    expect(parseCny('￥2,000,000')).toBe(200_000_000);
    expect(parseCny(' 0.01 ')).toBe(1);
    expect(parseCny('-¥12.30')).toBe(-1230);
    expect(Object.is(parseCny('-0.00'), 0)).toBe(true);
  });

  it('refuses anything it would have to guess or round', () => {
    for (const bad of ['', '¥', '1.234', '1,23', '12,3456', '1,234,56', 'abc', '¥ 12', '.5', '01', '1e3', '¥-1', '1.']) {
      expect(() => parseCny(bad), bad).toThrow(AppError);
    }
  });

  it('refuses amounts beyond the safe-integer range', () => {
    expect(parseCny('90071992547409.91')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => parseCny('90071992547409.92')).toThrow(/too large/);
  });
});

describe('formatCny', () => {
  it('formats with grouping and two decimals', () => {
    expect(formatCny(123456)).toBe('¥1,234.56');
    expect(formatCny(0)).toBe('¥0.00');
    expect(formatCny(5)).toBe('¥0.05');
    expect(formatCny(100)).toBe('¥1.00');
    expect(formatCny(-123456789)).toBe('-¥1,234,567.89');
    expect(formatCny(200_000_000, { symbol: false })).toBe('2,000,000.00');
    expect(formatCny(-123456789, { symbol: false, grouping: false })).toBe('-1234567.89');
    expect(formatCny(7, { grouping: false })).toBe('¥0.07');
  });

  it('round-trips with parseCny', () => {
    for (const fen of [0, 1, 99, 100, 101, 99999, 100000, 123456789, -7, Number.MAX_SAFE_INTEGER]) {
      expect(parseCny(formatCny(fen))).toBe(fen);
    }
  });

  it('refuses fractional fen', () => {
    expect(() => formatCny(1.5)).toThrow(/whole number of fen/);
  });
});

describe('fen helpers', () => {
  it('converts Prisma BigInt values only when exact', () => {
    expect(fenFromBigInt(123n)).toBe(123);
    expect(() => fenFromBigInt(2n ** 53n)).toThrow(/too large/);
  });

  it('sums without silently losing precision', () => {
    expect(sumFen([1, 2, 3])).toBe(6);
    expect(() => sumFen([Number.MAX_SAFE_INTEGER, 1])).toThrow(AppError);
  });

  it('validates with zod', () => {
    expect(ZFen.safeParse(12.5).success).toBe(false);
    expect(ZFen.safeParse(2 ** 53).success).toBe(false);
    expect(ZFen.parse(-5)).toBe(-5);
  });
});
