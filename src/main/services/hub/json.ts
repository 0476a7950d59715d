import type { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { hubErrorFromResponse } from './hub-errors';
import type { HubResponse } from './http';

export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

/** Parses JSON text, or returns `undefined` when it is not JSON. */
export function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * A 2xx JSON answer validated by `schema`, or an AppError: hub errors mapped
 * per §8, anything unreadable or oddly shaped as HUB_ERROR naming `what`.
 */
export function readHubJson<S extends z.ZodType>(res: HubResponse, schema: S, what: string): z.output<S> {
  if (!isSuccess(res.status)) throw hubErrorFromResponse(res.status, res.text);
  const json = tryParseJson(res.text);
  if (json === undefined) {
    throw new AppError(
      'HUB_ERROR',
      `The hub's answer about ${what} was not JSON, so the app cannot read it. Check that the address points to an AIGNE Hub.`,
      { reason: 'notJson', status: res.status },
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    // Paths only: values could be anything the hub sent.
    const fields = parsed.error.issues.slice(0, 5).map((i) => i.path.join('.') || '(root)');
    throw new AppError(
      'HUB_ERROR',
      `The hub's answer about ${what} has an unexpected shape. The hub may run a version this app does not support yet.`,
      { reason: 'unexpectedShape', status: res.status, fields },
    );
  }
  return parsed.data;
}
