import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import { AppError } from '../../../shared/errors';
import { callSignal, headerValue, networkError, openRequest, readCapped } from '../hub/http';

export interface JsonPost {
  /** Sent only as `Authorization: Bearer`; never in the URL, never logged. */
  secret: string;
  body: unknown;
  timeoutMs: number;
  maxBytes: number;
  requestId?: string;
  userAgent?: string;
  signal?: AbortSignal;
  dispatcher?: Dispatcher;
}

export interface JsonAnswer {
  status: number;
  text: string;
  /** ms from sending to the response headers. */
  ttfbMs: number;
}

/** POSTs JSON to the hub (through the one network module, hub/http.ts) and reads the answer as text; network failures and timeouts become AppErrors. */
export async function postHubJson(url: string, post: JsonPost): Promise<JsonAnswer> {
  const { timeout, signal } = callSignal(post.timeoutMs, post.signal);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json',
    authorization: `Bearer ${post.secret}`,
  };
  if (post.requestId) headers['x-request-id'] = post.requestId;
  if (post.userAgent) headers['user-agent'] = post.userAgent;
  const started = performance.now();
  try {
    const res = await openRequest(url, {
      method: 'POST',
      headers,
      body: JSON.stringify(post.body),
      signal,
      pool: 'stream',
      dispatcher: post.dispatcher,
    });
    const ttfbMs = performance.now() - started;
    const text = (await readCapped(res.body, post.maxBytes)).toString('utf8');
    return { status: res.statusCode, text, ttfbMs };
  } catch (error) {
    throw requestFailure(error, url, { userSignal: post.signal, timeout, timeoutMs: post.timeoutMs });
  }
}

/** GETs bytes (an image the hub answered with a URL). No key is sent: the URL may be on another host. */
export async function fetchBytes(
  url: string,
  options: { timeoutMs: number; maxBytes: number; signal?: AbortSignal; dispatcher?: Dispatcher },
): Promise<{ bytes: Buffer; contentType: string }> {
  const parsed = safeUrl(url);
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new AppError('HUB_ERROR', 'The hub answered with an image address this app cannot open.', { reason: 'imageUrlUnusable' });
  }
  const { timeout, signal } = callSignal(options.timeoutMs, options.signal);
  try {
    const res = await openRequest(parsed, { method: 'GET', signal, pool: 'stream', dispatcher: options.dispatcher });
    const bytes = await readCapped(res.body, options.maxBytes);
    if (res.statusCode < 200 || res.statusCode >= 300) {
      throw new AppError('HUB_ERROR', `The generated image could not be downloaded (HTTP ${res.statusCode}). Try again.`, {
        reason: 'imageDownload',
        status: res.statusCode,
      });
    }
    return { bytes, contentType: headerValue(res.headers['content-type']) };
  } catch (error) {
    throw requestFailure(error, url, { userSignal: options.signal, timeout, timeoutMs: options.timeoutMs });
  }
}

function requestFailure(
  error: unknown,
  url: string,
  ctx: { userSignal: AbortSignal | undefined; timeout: AbortSignal; timeoutMs: number },
): AppError {
  if (error instanceof AppError) return error;
  if (ctx.userSignal?.aborted) return new AppError('CANCELLED', 'The request was cancelled.', { reason: 'request' });
  if (ctx.timeout.aborted) {
    return new AppError(
      'TIMEOUT',
      `The hub did not answer within ${formatSeconds(ctx.timeoutMs)}. Try again; if it keeps happening, the model may be overloaded.`,
      { reason: 'noAnswer', seconds: Math.round(ctx.timeoutMs / 1000), host: hostOf(url), timeoutMs: ctx.timeoutMs },
    );
  }
  return networkError(error, url);
}

export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${s < 10 ? Number(s.toFixed(1)) : Math.round(s)} s`;
}

export function hostOf(url: string): string {
  return safeUrl(url)?.host ?? 'the hub';
}

function safeUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** Parses a hub answer, or says it was cut off. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('HUB_ERROR', `The hub's answer with ${what} was cut off or is not JSON. Try again.`, { reason: 'malformed-json' });
  }
}
