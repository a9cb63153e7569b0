// One shape for every error the API returns: { error: { code, message, details? } }.
// zod validation failures become 400 naming each field; everything else goes through
// `handleError`, the app's one `onError`: AppError codes map to HTTP via httpStatusFor, a
// workflow's refusal (WorkflowUpdateFailedError) via its ApplicationFailure's type, and anything
// unknown becomes a 500 whose message is hidden (it may carry SQL, paths or personal data).
import type { Hook } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { Prisma } from '../prisma/generated/client';
import { AppError, isAppErrorCode, toErrorResponse, type AppErrorDetails, type AppErrorJson, type JsonValue } from '../domain/errors';
import { issuesFromZodError } from '../domain/validation';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export const ZErrorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'VALIDATION_FAILED' }),
      message: z.string().openapi({ example: 'email: Invalid email address' }),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

const errorContent = (description: string) => ({ description, content: { 'application/json': { schema: ZErrorBody } } });

/** Error responses for a route's OpenAPI description; pick the ones the route can return. */
export const errorResponses = {
  400: errorContent('Invalid input: the message and `details.issues` name each field'),
  401: errorContent('Missing, invalid or expired bearer token, or an inactive account'),
  403: errorContent('Authenticated, but not allowed to do this'),
  404: errorContent('No such resource (or not visible to you)'),
  409: errorContent('Conflicts with the current state (wrong status or step, stale version, already decided)'),
} as const;

export function validationError(issues: { path: string; message: string }[]): AppError {
  return new AppError('VALIDATION_FAILED', issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '), {
    details: { issues: issues.map(({ path, message }) => ({ path, message })) },
  });
}

/** 400 naming one field, for checks zod cannot make (a reference that must exist, say). */
export const fieldError = (path: string, message: string) => validationError([{ path, message }]);

export const validationHook: Hook<unknown, any, any, any> = (result, c: Context) => {
  if (result.success) return;
  const issues = issuesFromZodError(result.error).map((issue) => ({ path: issue.path || '(body)', message: issue.message }));
  return c.json<ErrorBody>({ error: validationError(issues).toJSON() }, 400);
};

/** The refusal a workflow's update validator (or handler) threw, as the AppError it stands for. */
function fromApplicationFailure(failure: ApplicationFailure): AppError | null {
  if (!isAppErrorCode(failure.type)) return null;
  const first = failure.details?.[0] as JsonValue | undefined;
  let details: AppErrorDetails | undefined;
  if (Array.isArray(first)) {
    details = failure.type === 'VALIDATION_FAILED' ? { issues: first } : { reasons: first };
  } else if (first !== null && typeof first === 'object') {
    details = first as AppErrorDetails;
  }
  return new AppError(failure.type, failure.message, details === undefined ? {} : { details });
}

export function toAppError(error: unknown): AppError | null {
  if (AppError.is(error)) return error;
  if (error instanceof WorkflowUpdateFailedError) {
    return error.cause instanceof ApplicationFailure ? fromApplicationFailure(error.cause) : null;
  }
  if (error instanceof ApplicationFailure) return fromApplicationFailure(error);
  if (error instanceof WorkflowNotFoundError) return new AppError('NOT_FOUND', 'The process behind this resource was not found');
  if (error instanceof WorkflowExecutionAlreadyStartedError) return new AppError('CONFLICT', 'It has already been started');
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (error.code === 'P2002') return new AppError('CONFLICT', 'It already exists (a unique value is taken)');
    if (error.code === 'P2025') return new AppError('NOT_FOUND', 'Not found');
  }
  if (error instanceof HTTPException) {
    if (error.status === 401) return new AppError('UNAUTHENTICATED', error.message);
    if (error.status === 404) return new AppError('NOT_FOUND', error.message);
    if (error.status === 400) return new AppError('VALIDATION_FAILED', error.message);
  }
  return null;
}

/**
 * Every VALIDATION_FAILED carries `details.issues`, whichever layer raised it. Layers that name
 * one field do so as `details.field` or as the message's "field: " prefix.
 */
function withIssues(error: AppError): AppError {
  if (error.code !== 'VALIDATION_FAILED' || error.details?.issues !== undefined) return error;
  const prefix = /^([A-Za-z][\w.[\]]*): (.*)$/s.exec(error.message);
  const field = typeof error.details?.field === 'string' ? error.details.field : prefix?.[1];
  const message = prefix && prefix[1] === field ? prefix[2]! : error.message;
  return new AppError('VALIDATION_FAILED', error.message, { details: { ...error.details, issues: [{ path: field ?? '(body)', message }] } });
}

export function handleError(error: unknown, c: Context): Response {
  if (error instanceof HTTPException && error.status < 500 && ![400, 401, 404].includes(error.status)) {
    // 413, 415 and the like: keep the status the framework chose, in our body shape.
    return c.json<ErrorBody>({ error: { code: 'VALIDATION_FAILED', message: error.message } }, error.status);
  }
  const appError = toAppError(error);
  const { status, body } = toErrorResponse(appError ? withIssues(appError) : error);
  if (status === 500) console.error(`${c.req.method} ${c.req.path} failed:`, error);
  if (status === 401) c.header('WWW-Authenticate', 'Bearer');
  return c.json<{ error: AppErrorJson }>({ error: body }, status);
}
