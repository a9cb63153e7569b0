import { AppError } from '../errors';
import { assertFen, type Fen } from './fen';

/**
 * Splits `totalFen` in proportion to integer `weights` (basis points, contribution shares)
 * so that the parts add up to exactly `totalFen` (largest-remainder / Hamilton method).
 *
 * Everyone first gets the floor of their exact quota `total × weight / Σweights`; the few fen
 * left over go one each to the largest remainders. Ties are broken deterministically so the
 * same inputs always give the same statement: larger remainder first, then larger weight,
 * then lower index (the order the list was given in). A zero weight always gets 0.
 *
 * All products are computed in bigint: total × weight can exceed 2^53 even when both fit.
 */
export function allocateLargestRemainder(totalFen: Fen, weights: readonly number[]): Fen[] {
  assertFen(totalFen, 'totalFen');
  if (totalFen < 0) {
    throw new AppError('VALIDATION_FAILED', `totalFen must not be negative, got ${totalFen}`);
  }
  if (weights.length === 0) {
    throw new AppError('VALIDATION_FAILED', 'weights must not be empty');
  }
  weights.forEach((weight, index) => {
    if (!Number.isSafeInteger(weight) || weight < 0) {
      throw new AppError('VALIDATION_FAILED', `weights[${index}] must be a non-negative integer, got ${weight}`, {
        details: { index },
      });
    }
  });

  const total = BigInt(totalFen);
  const bigWeights = weights.map((weight) => BigInt(weight));
  const weightSum = bigWeights.reduce((sum, weight) => sum + weight, 0n);
  if (weightSum === 0n) {
    throw new AppError('VALIDATION_FAILED', 'weights must not all be zero');
  }

  const shares = bigWeights.map((weight, index) => ({
    index,
    weight,
    floor: (total * weight) / weightSum,
    remainder: (total * weight) % weightSum,
  }));
  const leftover = Number(total - shares.reduce((sum, share) => sum + share.floor, 0n));

  const byPriority = [...shares].sort((a, b) => {
    if (a.remainder !== b.remainder) return a.remainder > b.remainder ? -1 : 1;
    if (a.weight !== b.weight) return a.weight > b.weight ? -1 : 1;
    return a.index - b.index;
  });
  const parts = shares.map((share) => Number(share.floor));
  for (const share of byPriority.slice(0, leftover)) parts[share.index] = (parts[share.index] ?? 0) + 1;
  return parts;
}
