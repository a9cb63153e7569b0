// Request bodies are read into memory, so each is capped before it is read: an upload at the
// configured document size (plus room for the multipart envelope), anything else at 1 MiB.
import { createMiddleware } from 'hono/factory';
import { bodyLimit } from 'hono/body-limit';
import type { ApiEnv } from './deps';
import { fieldError, handleError } from './errors';

const MULTIPART_OVERHEAD_BYTES = 64 * 1024;
export const JSON_BODY_MAX_BYTES = 1024 * 1024;

/** POST /cases/{id}/documents and POST /cases/{id}/signed-copies (and the web page's upload, /app/cases/{id}/documents). */
const UPLOAD_PATH = /^(\/app)?\/cases\/[^/]+\/(documents|signed-copies)\/?$/;

const jsonBodyLimit = bodyLimit({
  maxSize: JSON_BODY_MAX_BYTES,
  onError: (c) => handleError(fieldError('(body)', `the request body is larger than ${JSON_BODY_MAX_BYTES} bytes`), c),
});

export const bodyLimits = createMiddleware<ApiEnv>((c, next) => {
  if (c.req.method !== 'POST' || !UPLOAD_PATH.test(c.req.path)) return jsonBodyLimit(c, next);
  const max = c.get('deps').config.DOCUMENT_MAX_BYTES;
  return bodyLimit({
    maxSize: max + MULTIPART_OVERHEAD_BYTES,
    onError: (ctx) => handleError(fieldError('file', `the upload is larger than the limit of ${max} bytes`), ctx),
  })(c, next);
});
