/**
 * The few error codes that cross the IPC boundary. Electron strips Error
 * subclasses, so errors travel as plain `{code, message, detail?}` values.
 */
export const ERROR_CODES = [
  'INVALID_INPUT', // payload failed its schema, or the user typed something unusable
  'UNTRUSTED_SENDER', // the call came from a frame or origin that is not ours
  'NOT_FOUND', // the hub, key or record asked for does not exist
  'UNAUTHORIZED', // the hub rejected the key (unknown, revoked, malformed)
  'OUT_OF_CREDITS', // the hub answered 402 NOT_ENOUGH; detail.link is the top-up page
  'NOT_A_HUB', // the URL answers, but is not an AIGNE Hub
  'HUB_UNREACHABLE', // DNS, TLS, refused connection, reset
  'HUB_ERROR', // the hub answered with an error we cannot classify further
  'TIMEOUT', // no answer in time (keychain or network)
  'CANCELLED', // the user or the app stopped the operation
  'KEYCHAIN_UNAVAILABLE', // the OS keychain cannot be used; detail.reason names why
  'INTERNAL', // a bug: logged without secrets, shown with a generic message
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** An error as it crosses a boundary (schema: error-schema.ts; kept apart so the renderer's first paint carries no zod). */
export interface ErrorValue {
  code: ErrorCode;
  message: string;
  detail?: Record<string, unknown> | undefined;
}

/**
 * An error that knows its boundary code; thrown inside main, sent as a value.
 * `detail.reason` (a short camelCase word, unique within its code) names the case, and the other
 * `detail` entries are its parameters: the renderer words the error from `code` + `reason` in the
 * user's language, and `message` stays the English log text and the fallback.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly detail: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, detail?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.detail = detail;
  }

  toValue(): ErrorValue {
    return this.detail === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, detail: this.detail };
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Turns anything thrown into a boundary value; unknown errors become INTERNAL. */
export function toErrorValue(e: unknown): ErrorValue {
  if (isAppError(e)) return e.toValue();
  return { code: 'INTERNAL', message: 'Something went wrong inside the app. Please try again.' };
}
