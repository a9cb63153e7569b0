/**
 * The one error type of the whole app.
 *
 * Every layer speaks in `AppError` codes: the API maps a code to an HTTP status in one place
 * (`httpStatusFor`), activities turn a code into `ApplicationFailure.nonRetryable(message, code)`
 * and workflows rebuild it with `AppError.fromJSON`. Callers match on `code`, never on a class
 * name or a message, so renames and translations cannot break error handling.
 *
 * Kept free of Node built-ins and of `instanceof`-only logic: a workflow sandbox or a
 * serialisation boundary may hand us a plain object instead of the original instance.
 */

export const APP_ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  /** A case cannot move from its current status to the requested one. */
  'INVALID_TRANSITION',
  /** The acting user is not the assignee (or a delegate) of the task being decided. */
  'NOT_ASSIGNEE',
  /** A decision names an approval step that is not the current one (out of turn). */
  'WRONG_STEP',
  'ALREADY_DECIDED',
  /** Optimistic concurrency: the caller acted on an older version of the record. */
  'STALE_VERSION',
  /** The action is not allowed while a publicity period (公示) is running. */
  'PUBLICITY_OPEN',
  'CONFLICT',
  /** The applicant does not meet the policy profile's eligibility rules. */
  'NOT_ELIGIBLE',
  /**
   * The acting person may not decide anything on this deal: they are its lead researcher, on
   * its team, or declared an interest in the counterparty (conflict of interest).
   */
  'CONFLICT_OF_INTEREST',
  'INTERNAL',
] as const;

export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | readonly JsonValue[] | { readonly [key: string]: JsonValue };
/** Details travel through HTTP bodies and Temporal payloads, so they must be plain JSON. */
export type AppErrorDetails = { readonly [key: string]: JsonValue };

export interface AppErrorJson {
  readonly code: AppErrorCode;
  readonly message: string;
  readonly details?: AppErrorDetails;
}

export interface AppErrorOptions {
  readonly details?: AppErrorDetails;
  readonly cause?: unknown;
}

export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: AppErrorCode;
  readonly details: AppErrorDetails | undefined;

  constructor(code: AppErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details;
  }

  toJSON(): AppErrorJson {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  /** Rebuilds an error that crossed a serialisation boundary (HTTP body, Temporal failure). */
  static fromJSON(json: AppErrorJson): AppError {
    return new AppError(
      json.code,
      json.message,
      json.details === undefined ? {} : { details: json.details },
    );
  }

  /** Duck-typed so an error re-created in another realm (workflow sandbox) still matches. */
  static is(value: unknown, code?: AppErrorCode): value is AppError {
    if (typeof value !== 'object' || value === null) return false;
    const candidate = value as { name?: unknown; code?: unknown };
    return (
      candidate.name === 'AppError' &&
      isAppErrorCode(candidate.code) &&
      (code === undefined || candidate.code === code)
    );
  }
}

export function isAppErrorCode(value: unknown): value is AppErrorCode {
  return typeof value === 'string' && (APP_ERROR_CODES as readonly string[]).includes(value);
}

export type AppErrorHttpStatus = 400 | 401 | 403 | 404 | 409 | 500;

const HTTP_STATUS_BY_CODE = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  // Not the assignee is an authorisation failure on an existing task, not a conflict.
  NOT_ASSIGNEE: 403,
  // A barred (conflicted) person is refused whatever their role: an authorisation failure too.
  CONFLICT_OF_INTEREST: 403,
  NOT_FOUND: 404,
  // The lifecycle codes below are well-formed requests that clash with the current state
  // of the case (or with its policy), so the client must re-read and decide again: 409.
  INVALID_TRANSITION: 409,
  WRONG_STEP: 409,
  ALREADY_DECIDED: 409,
  STALE_VERSION: 409,
  PUBLICITY_OPEN: 409,
  CONFLICT: 409,
  NOT_ELIGIBLE: 409,
  INTERNAL: 500,
} as const satisfies Record<AppErrorCode, AppErrorHttpStatus>;

export function httpStatusFor(code: AppErrorCode): AppErrorHttpStatus {
  return HTTP_STATUS_BY_CODE[code];
}

/**
 * The body the API sends for any thrown value. Unknown errors become INTERNAL, and INTERNAL
 * messages and details are hidden: they may carry SQL, paths or personal data.
 */
export function toErrorResponse(error: unknown): { status: AppErrorHttpStatus; body: AppErrorJson } {
  if (AppError.is(error) && error.code !== 'INTERNAL') {
    // Built field by field: a duck-typed match may be a plain object without toJSON().
    const body: AppErrorJson =
      error.details === undefined
        ? { code: error.code, message: error.message }
        : { code: error.code, message: error.message, details: error.details };
    return { status: httpStatusFor(error.code), body };
  }
  return { status: 500, body: { code: 'INTERNAL', message: 'Internal error' } };
}
