// How a validator (or a handler) refuses an Update: a non-retryable ApplicationFailure whose type
// is the AppError code, so the API maps it to the same HTTP status as any other AppError.
import { ApplicationFailure } from '@temporalio/workflow';
import type { AppErrorCode } from '../../domain/errors';

export function refuse(code: AppErrorCode, message: string, details?: unknown): never {
  throw ApplicationFailure.create({ type: code, message, nonRetryable: true, details: details === undefined ? [] : [details] });
}
