import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { AppError, isAppError } from '../../../shared/errors';
import { hubErrorFromResponse } from './hub-errors';
import { hubRequest, type HubRequest } from './http';
import { isSuccess, readHubJson, tryParseJson } from './json';

export { decryptAccessKeySecret } from './access-key-crypto';

/** The browser approval flow (hub-protocol.md §3). These paths hang off the origin, not the mount. */
const SESSION_PATH = '/.well-known/service/api/access-key/session';
const APPROVAL_PAGE_PATH = '/.well-known/service/gen-simple-access-key';

export const DEFAULT_POLL_INTERVAL_MS = 1_500;
export const DEFAULT_APPROVAL_TIMEOUT_MS = 15 * 60_000;
/** Consecutive network blips or 5xx answers tolerated while polling (laptops change Wi-Fi). */
const MAX_TRANSIENT_FAILURES = 3;

const sessionSchema = z.looseObject({
  id: z.string().min(1),
  challenge: z.string().nullish(),
  accessKeyId: z.string().nullish(),
  accessKeySecret: z.string().nullish(),
});

export interface AccessKeySession {
  id: string;
  challenge: string;
}

export interface ApprovedSession {
  accessKeyId: string;
  /** Still encrypted: pass to `decryptAccessKeySecret`. */
  accessKeySecret: string;
  /** The approved session's challenge, when it repeats it. */
  challenge: string | undefined;
}

export type ApprovalRequestOptions = Pick<HubRequest, 'timeoutMs' | 'signal' | 'userAgent'>;

export interface PollOptions {
  intervalMs?: number;
  /** Total time to wait for the user's approval. */
  timeoutMs?: number;
  signal?: AbortSignal;
  userAgent?: string;
  /** Called after every "still pending" answer. */
  onAttempt?: (progress: { attempt: number; elapsedMs: number }) => void;
}

/** Opens an approval session; its `challenge` is needed later to decrypt the key. */
export async function createSession(origin: string, options: ApprovalRequestOptions = {}): Promise<AccessKeySession> {
  const res = await hubRequest(sessionUrl(origin), { ...options, method: 'POST' });
  const session = readHubJson(res, sessionSchema, 'the new key request');
  if (!session.challenge) {
    throw new AppError(
      'HUB_ERROR',
      'The hub opened a key request without a challenge, so the key could not be received safely. Try again.',
      { reason: 'noChallenge' },
    );
  }
  return { id: session.id, challenge: session.challenge };
}

/** The page where the user signs in and approves; `source` becomes the key's name on the hub. */
export function approvalPageUrl(origin: string, sessionId: string, app: { source: string; appName: string; appLogo?: string }): string {
  const url = new URL(APPROVAL_PAGE_PATH, origin);
  url.searchParams.set('__token__', Buffer.from(sessionId, 'utf8').toString('base64url'));
  url.searchParams.set('source', app.source);
  url.searchParams.set('closeOnSuccess', 'true');
  url.searchParams.set('cli', 'true');
  url.searchParams.set('appName', app.appName);
  if (app.appLogo) url.searchParams.set('appLogo', app.appLogo);
  return url.toString();
}

/**
 * Polls until the user approves. Pending = 2xx JSON without `accessKeyId`.
 * A 404 or a non-JSON answer means the session is gone (declined, expired or
 * used) → NOT_FOUND; abort → CANCELLED; no approval in time → TIMEOUT.
 */
export async function pollSession(origin: string, sessionId: string, options: PollOptions = {}): Promise<ApprovedSession> {
  const intervalMs = options.intervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const timeoutMs = options.timeoutMs ?? DEFAULT_APPROVAL_TIMEOUT_MS;
  const { signal } = options;
  const started = Date.now();
  const deadline = started + timeoutMs;
  let transient = 0;

  for (let attempt = 0; ; attempt++) {
    if (signal?.aborted) throw cancelled();
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw timedOut(timeoutMs);

    let res;
    try {
      res = await hubRequest(`${sessionUrl(origin)}?sid=${encodeURIComponent(sessionId)}`, {
        headers: { 'X-Request-Count': String(attempt) },
        timeoutMs: Math.min(15_000, remaining),
        ...(signal ? { signal } : {}),
        ...(options.userAgent ? { userAgent: options.userAgent } : {}),
      });
    } catch (error) {
      if (signal?.aborted) throw cancelled();
      if (isTransient(error) && ++transient <= MAX_TRANSIENT_FAILURES) {
        await sleep(Math.min(intervalMs, deadline - Date.now()), signal);
        continue;
      }
      throw error;
    }

    if (res.status === 404) throw sessionEnded();
    if (res.status >= 500 && ++transient <= MAX_TRANSIENT_FAILURES) {
      await sleep(Math.min(intervalMs, deadline - Date.now()), signal);
      continue;
    }
    // A real hub answers an unknown (ended) session with a 500 and a text body, not 404 (hub-protocol.md §3).
    if (res.status === 500 && tryParseJson(res.text) === undefined) throw sessionEnded();
    if (!isSuccess(res.status)) throw hubErrorFromResponse(res.status, res.text);
    const json = tryParseJson(res.text);
    if (json === undefined) throw sessionEnded();
    const session = sessionSchema.safeParse(json);
    if (!session.success) throw sessionEnded();
    transient = 0;

    const { accessKeyId, accessKeySecret, challenge } = session.data;
    if (accessKeyId && accessKeySecret) return { accessKeyId, accessKeySecret, challenge: challenge ?? undefined };

    options.onAttempt?.({ attempt: attempt + 1, elapsedMs: Date.now() - started });
    await sleep(Math.min(intervalMs, deadline - Date.now()), signal);
  }
}

/** Closes the session so the encrypted key is never handed out again. A session already gone is fine. */
export async function deleteSession(origin: string, sessionId: string, options: ApprovalRequestOptions = {}): Promise<void> {
  const res = await hubRequest(`${sessionUrl(origin)}?sid=${encodeURIComponent(sessionId)}`, { ...options, method: 'DELETE' });
  if (res.status === 404 || isSuccess(res.status)) return;
  throw hubErrorFromResponse(res.status, res.text);
}

function sessionUrl(origin: string): string {
  return new URL(SESSION_PATH, origin).toString();
}

async function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0) return;
  try {
    await delay(ms, undefined, signal ? { signal } : {});
  } catch {
    throw cancelled();
  }
}

function isTransient(error: unknown): boolean {
  return isAppError(error) && (error.code === 'HUB_UNREACHABLE' || error.code === 'TIMEOUT');
}

function cancelled(): AppError {
  return new AppError('CANCELLED', 'Key generation was cancelled. Nothing was saved.', { reason: 'keyGeneration' });
}

function sessionEnded(): AppError {
  return new AppError(
    'NOT_FOUND',
    'The approval request ended on the hub without a key (declined, expired or already used, or the hub restarted). Nothing was saved; start again when you are ready.',
    { reason: 'sessionEnded' },
  );
}

function timedOut(timeoutMs: number): AppError {
  const minutes = Math.max(1, Math.round(timeoutMs / 60_000));
  return new AppError(
    'TIMEOUT',
    `No approval arrived within ${minutes} minute${minutes === 1 ? '' : 's'}, so the request was stopped. A hub does not tell the app when a request is declined. Start again when you are ready to approve in the browser.`,
    { reason: 'approvalTimedOut', minutes },
  );
}
