import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { APP_ERROR_CODES, AppError, httpStatusFor, isAppErrorCode, toErrorResponse } from './errors';
import { parseOrThrow } from './validation';

describe('AppError', () => {
  it('carries a code and JSON details and survives a JSON round trip', () => {
    const error = new AppError('STALE_VERSION', 'Case changed since you opened it', { details: { expected: 3, actual: 4 } });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('AppError');
    const copy = AppError.fromJSON(JSON.parse(JSON.stringify(error)));
    expect(copy.toJSON()).toEqual({ code: 'STALE_VERSION', message: 'Case changed since you opened it', details: { expected: 3, actual: 4 } });
  });

  it('is recognised by shape, so an error rebuilt in another realm still matches', () => {
    expect(AppError.is({ name: 'AppError', code: 'NOT_FOUND', message: 'x' }, 'NOT_FOUND')).toBe(true);
    expect(AppError.is(new AppError('CONFLICT', 'x'), 'NOT_FOUND')).toBe(false);
    expect(AppError.is(new Error('x'))).toBe(false);
    expect(isAppErrorCode('NOPE')).toBe(false);
  });

  it('maps every code to an HTTP status', () => {
    const statuses = Object.fromEntries(APP_ERROR_CODES.map((code) => [code, httpStatusFor(code)]));
    expect(statuses).toEqual({
      VALIDATION_FAILED: 400,
      UNAUTHENTICATED: 401,
      FORBIDDEN: 403,
      NOT_FOUND: 404,
      INVALID_TRANSITION: 409,
      NOT_ASSIGNEE: 403,
      WRONG_STEP: 409,
      ALREADY_DECIDED: 409,
      STALE_VERSION: 409,
      PUBLICITY_OPEN: 409,
      CONFLICT: 409,
      NOT_ELIGIBLE: 409,
      CONFLICT_OF_INTEREST: 403,
      INTERNAL: 500,
    });
  });

  it('hides internal messages from clients', () => {
    expect(toErrorResponse(new Error('password authentication failed for user "spinway"'))).toEqual({
      status: 500,
      body: { code: 'INTERNAL', message: 'Internal error' },
    });
    expect(toErrorResponse(new AppError('INTERNAL', 'secret detail'))).toEqual({
      status: 500,
      body: { code: 'INTERNAL', message: 'Internal error' },
    });
    expect(toErrorResponse(new AppError('WRONG_STEP', 'Step hr is not open'))).toEqual({
      status: 409,
      body: { code: 'WRONG_STEP', message: 'Step hr is not open' },
    });
  });
});

describe('parseOrThrow', () => {
  it('throws VALIDATION_FAILED listing every issue with its path', () => {
    const schema = z.object({ team: z.array(z.object({ name: z.string().min(1, { error: 'name is required' }) })) });
    try {
      parseOrThrow(schema, { team: [{ name: 'a' }, { name: '' }] });
      expect.fail('should have thrown');
    } catch (error) {
      expect(AppError.is(error, 'VALIDATION_FAILED')).toBe(true);
      expect((error as AppError).details).toEqual({ issues: [{ path: 'team[1].name', message: 'name is required' }] });
    }
    expect(parseOrThrow(schema, { team: [] })).toEqual({ team: [] });
  });
});
