import { AppError } from '../errors';

/** Day counts must be whole numbers: half a working day has no meaning for a deadline. */
export function assertDayCount(days: number, field = 'days'): void {
  if (!Number.isSafeInteger(days)) {
    throw new AppError('VALIDATION_FAILED', `${field} must be a whole number of days, got ${days}`, {
      details: { field, value: Number.isFinite(days) ? days : String(days) },
    });
  }
}
