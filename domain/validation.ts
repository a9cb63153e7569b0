import type { z } from 'zod';
import { AppError } from './errors';

/** One field problem, with the field named as a client would write it: `team[1].name`. */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

export function issuesFromZodError(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({ path: formatIssuePath(issue.path), message: issue.message }));
}

export function appErrorFromZodError(error: z.ZodError, message = 'Validation failed'): AppError {
  const issues = issuesFromZodError(error);
  return new AppError('VALIDATION_FAILED', message, {
    details: { issues: issues.map((issue) => ({ path: issue.path, message: issue.message })) },
  });
}

/** Parses or throws VALIDATION_FAILED listing every issue, so one error shape reaches clients. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, message?: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw appErrorFromZodError(result.error, message);
  return result.data;
}
