import { z } from 'zod';
import { AppError } from '../errors';

/**
 * Money is an integer number of fen (分, ¥0.01) in a plain `number`, not a `bigint`.
 *
 * Why: amounts cross JSON (HTTP, audit log), Temporal payloads and zod many times a request,
 * and `bigint` survives none of them without custom converters (JSON.stringify throws on it;
 * Temporal's default converter is JSON). A safe integer holds up to 2^53 − 1 fen, about
 * ¥90 trillion, far beyond any licence fee or distribution. Every boundary checks that an
 * amount is a safe integer (`ZFen`, `assertFen`), and the one calculation that can exceed
 * 2^53 in between — amount × weight in `allocateLargestRemainder` — is done in bigint.
 * Prisma `BigInt` columns are converted once with `fenFromBigInt`, which refuses to lose precision.
 */
export type Fen = number;

export function isFen(value: unknown): value is Fen {
  return Number.isSafeInteger(value);
}

export function assertFen(value: number, field = 'amount'): asserts value is Fen {
  if (!Number.isSafeInteger(value)) {
    throw new AppError('VALIDATION_FAILED', `${field} must be a whole number of fen, got ${value}`, {
      details: { field },
    });
  }
}

export function fenFromBigInt(value: bigint, field = 'amount'): Fen {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new AppError('VALIDATION_FAILED', `${field} is too large to handle exactly: ${value} fen`, {
      details: { field },
    });
  }
  return Number(value);
}

/** Adds amounts, refusing a total that would lose precision. */
export function sumFen(amounts: readonly Fen[]): Fen {
  let total = 0;
  for (const amount of amounts) {
    assertFen(amount);
    total += amount;
    assertFen(total, 'total');
  }
  return total;
}

/** zod 4's `z.int()` already limits values to the safe-integer range. */
export const ZFen = z.int({ error: 'must be a whole number of fen (¥0.01)' });
export const ZNonNegativeFen = ZFen.nonnegative({ error: 'must not be negative' });
