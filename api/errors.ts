// One shape for every error the API returns: { error: { code, message, details? } }.
// zod validation failures become 400 with each field's path and reason.
import type { Hook } from '@hono/zod-openapi';
import type { Context } from 'hono';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export const validationHook: Hook<unknown, any, any, any> = (result, c: Context) => {
  if (result.success) return;
  const issues = result.error.issues.map((issue) => ({
    field: issue.path.join('.') || '(body)',
    message: issue.message,
  }));
  const message = issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ');
  return c.json<ErrorBody>({ error: { code: 'VALIDATION_FAILED', message, details: issues } }, 400);
};
