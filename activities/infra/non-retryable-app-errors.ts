// Activities throw AppError for mistakes a retry cannot fix (bad input, a missing row). Temporal
// retries every plain error, so each such AppError leaves the activity as a non-retryable
// ApplicationFailure whose type is the error code: the workflow matches on `type`, never on a
// class name. INTERNAL and every other error (database or storage down) stay retryable.
import { ApplicationFailure } from '@temporalio/common';
import { AppError } from '../../domain/errors';

type AsyncFunction = (...args: any[]) => Promise<unknown>;

export function toActivityFailure(error: unknown): unknown {
  if (!AppError.is(error) || error.code === 'INTERNAL') return error;
  return ApplicationFailure.create({
    type: error.code,
    message: error.message,
    nonRetryable: true,
    details: error.details === undefined ? [] : [error.details],
    cause: error,
  });
}

export function withNonRetryableAppErrors<Activities extends Record<string, AsyncFunction>>(activities: Activities): Activities {
  const wrapped: Record<string, AsyncFunction> = {};
  for (const [name, activity] of Object.entries(activities)) {
    // A named function keeps the activity's name in stack traces.
    wrapped[name] = {
      async [name](...args: unknown[]) {
        try {
          return await activity(...args);
        } catch (error) {
          throw toActivityFailure(error);
        }
      },
    }[name]!;
  }
  return wrapped as Activities;
}
