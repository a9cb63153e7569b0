// Every resource's sub-app is built here, so each validates with the same hook (a sub-app
// does not inherit its parent's defaultHook).
import { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiEnv } from './deps';
import { validationHook } from './errors';

export const createRouter = () => new OpenAPIHono<ApiEnv>({ defaultHook: validationHook });
