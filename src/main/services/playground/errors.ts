import { AppError, isAppError, type ErrorValue } from '../../../shared/errors';

/**
 * Adds what the playground's user should do next to a mapped hub error: a
 * rejected key points to the Keys page, an empty balance to the top-up link.
 * `detail.action` lets the UI render the button.
 */
export function forPlayground(error: AppError): AppError {
  if (error.code === 'UNAUTHORIZED' && error.detail?.status !== 403) {
    return new AppError(
      'UNAUTHORIZED',
      'The hub did not accept this key: it may have been revoked, or belong to another hub. Go to Keys to check it, or choose another key.',
      { reason: 'keyRejected', ...error.detail, action: 'open-keys' },
    );
  }
  if (error.code === 'OUT_OF_CREDITS' && typeof error.detail?.link === 'string') {
    return new AppError(error.code, error.message, { ...error.detail, action: 'top-up' });
  }
  return error;
}

/** Anything thrown, as the typed error value a playground result carries. Unknown errors become INTERNAL. */
export function toPlaygroundError(error: unknown): AppError {
  if (isAppError(error)) return forPlayground(error);
  return new AppError('INTERNAL', 'Something went wrong inside the app. Please try again.', { reason: 'unexpected' });
}

export function errorValue(error: unknown): ErrorValue {
  return toPlaygroundError(error).toValue();
}

/** A failed schema check as INVALID_INPUT: the first problem in words, the paths in `detail.fields`. */
export function invalidInput(issues: readonly { message: string; path: readonly PropertyKey[] }[]): AppError {
  const first = issues[0];
  const fields = issues.slice(0, 5).map((i) => i.path.map(String).join('.') || '(root)');
  return new AppError('INVALID_INPUT', first?.message ?? 'The request is not valid.', { reason: 'invalidPayload', fields });
}

/** Validates `input` with a zod-like schema, or throws INVALID_INPUT. */
export function parseInput<T>(
  schema: {
    safeParse(
      input: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: { message: string; path: PropertyKey[] }[] } };
  },
  input: unknown,
): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  return parsed.data;
}
