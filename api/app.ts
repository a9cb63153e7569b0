// Builds the Hono app without listening (server.ts listens; tests call app.request()).
import { OpenAPIHono } from '@hono/zod-openapi';
import { swaggerUI } from '@hono/swagger-ui';
import type { ApiDeps, ApiEnv } from './deps';
import { validationHook } from './errors';
import { health } from './routes/health';

export function createApp(deps: ApiDeps) {
  const app = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook });
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });

  app.route('/', health);

  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Spinway API', version: '0.1.0', description: 'Spin-out requests, approvals, retention clocks, licensing and benefit sharing.' },
  });
  app.get('/docs', swaggerUI({ url: '/openapi.json' }));
  return app;
}

export type App = ReturnType<typeof createApp>;
