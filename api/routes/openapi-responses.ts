// The shapes every route file writes into createRoute: a JSON body or answer, and the error
// answers of an action (all with api/errors.ts's one error schema).
import type { z } from '@hono/zod-openapi';
import { errorResponses } from '../errors';

export const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

export const jsonBody = <T extends z.ZodType>(schema: T, required = true) => ({ required, content: { 'application/json': { schema } } });

/** What an action on a resource may answer besides success: bad input, no login, forbidden, unknown, conflict. */
export const actionErrors = {
  400: errorResponses[400],
  401: errorResponses[401],
  403: errorResponses[403],
  404: errorResponses[404],
  409: errorResponses[409],
};
