import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { allocateLargestRemainder } from './allocate-largest-remainder';

/** Small deterministic PRNG (mulberry32) so failures reproduce. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sum = (parts: readonly number[]): number => parts.reduce((a, b) => a + b, 0);

describe('allocateLargestRemainder', () => {
  it('splits evenly when it can', () => {
    expect(allocateLargestRemainder(300, [1, 1, 1])).toEqual([100, 100, 100]);
    expect(allocateLargestRemainder(10_000, [5000, 3000, 2000])).toEqual([5000, 3000, 2000]);
  });

  it('gives the odd fen to the largest remainder', () => {
    // 10 × 1/3 = 3.33…, 10 × 2/3 = 6.66…: the second has the larger remainder.
    expect(allocateLargestRemainder(10, [1, 2])).toEqual([3, 7]);
    // Quotas 33.6633, 33.6633, 33.6734: two fen left, to the third, then (tie) to the first.
    expect(allocateLargestRemainder(101, [3333, 3333, 3334])).toEqual([34, 33, 34]);
  });

  it('breaks remainder ties by larger weight, then by lower index', () => {
    // 2 × 1/4 = 0.5 and 2 × 3/4 = 1.5: equal remainders, the larger weight wins.
    expect(allocateLargestRemainder(2, [1, 3])).toEqual([0, 2]);
    // Equal weights and remainders: the earlier member wins.
    expect(allocateLargestRemainder(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocateLargestRemainder(1, [1, 1])).toEqual([1, 0]);
    expect(allocateLargestRemainder(2, [1, 1, 1])).toEqual([1, 1, 0]);
  });

  it('never gives anything to a zero weight', () => {
    expect(allocateLargestRemainder(7, [0, 1, 0, 1])).toEqual([0, 4, 0, 3]);
    expect(allocateLargestRemainder(0, [1, 2])).toEqual([0, 0]);
  });

  it('stays exact for amounts where total × weight exceeds 2^53', () => {
    const parts = allocateLargestRemainder(Number.MAX_SAFE_INTEGER, [3333, 3333, 3334]);
    expect(sum(parts)).toBe(Number.MAX_SAFE_INTEGER);
    expect(parts.every((part) => Number.isSafeInteger(part))).toBe(true);
  });

  it('always sums to the whole, each part within one fen of its exact quota (random cases)', () => {
    const random = prng(20250930);
    for (let round = 0; round < 2000; round += 1) {
      const members = 1 + Math.floor(random() * (round % 10 === 0 ? 500 : 12));
      const weights = Array.from({ length: members }, () => Math.floor(random() * 10_000));
      if (sum(weights) === 0) weights[0] = 1;
      const total = Math.floor(random() * 10 ** (1 + Math.floor(random() * 12)));
      const parts = allocateLargestRemainder(total, weights);
      const weightSum = sum(weights);
      expect(parts).toHaveLength(members);
      expect(sum(parts)).toBe(total);
      parts.forEach((part, i) => {
        const exact = (total * (weights[i] ?? 0)) / weightSum;
        expect(part).toBeGreaterThanOrEqual(Math.floor(exact) - (exact > 2 ** 52 ? 1 : 0));
        expect(part).toBeLessThanOrEqual(Math.ceil(exact) + (exact > 2 ** 52 ? 1 : 0));
      });
      expect(allocateLargestRemainder(total, weights)).toEqual(parts);
    }
  });

  it('handles a thousand members splitting an odd amount', () => {
    const weights = Array.from({ length: 1000 }, (_, i) => (i % 7) + 1);
    const parts = allocateLargestRemainder(1_000_003, weights);
    expect(sum(parts)).toBe(1_000_003);
  });

  it('refuses inputs it cannot split exactly', () => {
    expect(() => allocateLargestRemainder(-1, [1])).toThrow(AppError);
    expect(() => allocateLargestRemainder(1.5, [1])).toThrow(AppError);
    expect(() => allocateLargestRemainder(10, [])).toThrow(/empty/);
    expect(() => allocateLargestRemainder(10, [0, 0])).toThrow(/zero/);
    expect(() => allocateLargestRemainder(10, [1, -1])).toThrow(/weights\[1\]/);
    expect(() => allocateLargestRemainder(10, [0.5, 1])).toThrow(/weights\[0\]/);
  });
});
