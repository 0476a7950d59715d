import type { EventEmitter } from 'node:events';
import { errors as undiciErrors, request, type Dispatcher } from 'undici';
import { AppError } from '../../../shared/errors';
import { dispatcherFor, type DispatcherPool } from './dispatchers';

export const DEFAULT_HUB_TIMEOUT_MS = 15_000;
const MAX_BODY_BYTES = 8 * 1024 * 1024;

/**
 * The one place main calls undici: every hub call (JSON, streaming, image bytes)
 * goes through `openRequest`, so all share the proxy-aware dispatcher, the
 * refusal to follow redirects (undici's `request` never follows them; a 3xx is
 * handed back for the caller to name), and the way failures become AppErrors.
 */
export interface OpenRequest {
  method?: 'GET' | 'POST' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  /** An AbortSignal, or an EventEmitter with `aborted` that emits 'abort' (undici takes both; the chat stream's is cheaper). */
  signal?: AbortSignal | EventEmitter;
  /** Which pooled dispatcher to use when none is given (see dispatchers.ts). */
  pool: DispatcherPool;
  dispatcher?: Dispatcher | undefined;
  /** undici's own timers: for the response headers, and for silence between body chunks. */
  headersTimeout?: number;
  bodyTimeout?: number;
}

/**
 * Sends the request. When the dispatcher is known at once, it is handed to undici before this
 * returns (undici connects at once, or writes on a reused socket at the next check phase).
 */
export function openRequest(url: string | URL, req: OpenRequest): Promise<Dispatcher.ResponseData> {
  try {
    const dispatcher = req.dispatcher ?? dispatcherFor(url, req.pool);
    return dispatcher instanceof Promise ? dispatcher.then((d) => send(url, req, d)) : send(url, req, dispatcher);
  } catch (error) {
    // undici checks the URL and options synchronously: callers see every failure as a rejection.
    return Promise.reject(error);
  }
}

function send(url: string | URL, req: OpenRequest, dispatcher: Dispatcher): Promise<Dispatcher.ResponseData> {
  return request(url, {
    method: req.method ?? 'GET',
    headers: req.headers,
    body: req.body,
    signal: req.signal,
    dispatcher,
    ...(req.headersTimeout !== undefined ? { headersTimeout: req.headersTimeout } : {}),
    ...(req.bodyTimeout !== undefined ? { bodyTimeout: req.bodyTimeout } : {}),
  });
}

/** `timeoutMs` for the whole call, joined with the caller's own signal. */
export function callSignal(timeoutMs: number, signal?: AbortSignal): { timeout: AbortSignal; signal: AbortSignal } {
  const timeout = AbortSignal.timeout(timeoutMs);
  return { timeout, signal: signal ? AbortSignal.any([signal, timeout]) : timeout };
}

export interface HubRequest {
  method?: 'GET' | 'POST' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  userAgent?: string;
  dispatcher?: Dispatcher;
}

export interface HubResponse {
  status: number;
  contentType: string;
  location: string | undefined;
  text: string;
}

/**
 * A short hub call read whole as text: a timeout on every call, a cap on the
 * body, and every failure turned into an AppError. Callers put keys only in
 * `headers.authorization`, never in `url`.
 */
export async function hubRequest(url: string, req: HubRequest = {}): Promise<HubResponse> {
  const { timeout, signal } = callSignal(req.timeoutMs ?? DEFAULT_HUB_TIMEOUT_MS, req.signal);
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
  if (req.userAgent) headers['user-agent'] = req.userAgent;
  try {
    const res = await openRequest(url, {
      method: req.method ?? 'GET',
      headers,
      ...(req.body !== undefined ? { body: req.body } : {}),
      signal,
      pool: 'hub',
      dispatcher: req.dispatcher,
    });
    const text = (await readCapped(res.body, MAX_BODY_BYTES)).toString('utf8');
    return {
      status: res.statusCode,
      contentType: headerValue(res.headers['content-type']),
      location: headerValue(res.headers.location) || undefined,
      text,
    };
  } catch (error) {
    if (req.signal?.aborted) throw new AppError('CANCELLED', 'The request was cancelled.', { reason: 'request' });
    if (timeout.aborted) throw timeoutError(url);
    throw networkError(error, url);
  }
}

/** Reads a whole body, refusing one larger than `maxBytes` (a hub answer is small; a huge one is a fault). */
export async function readCapped(body: Dispatcher.ResponseData['body'], maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buf.length;
    if (size > maxBytes) {
      body.destroy();
      throw new AppError('HUB_ERROR', 'The hub sent a much larger answer than expected, so it was ignored.', {
        reason: 'answerTooLarge',
        maxBytes,
      });
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export function headerValue(value: string | string[] | undefined): string {
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the hub';
  }
}

function timeoutError(url: string): AppError {
  return new AppError('TIMEOUT', `${hostOf(url)} did not answer in time. Check your connection and try again.`, {
    reason: 'noAnswer',
    host: hostOf(url),
  });
}

const TLS_PLAIN: Record<string, string> = {
  CERT_HAS_EXPIRED: 'its certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'its certificate chain contains a self-signed certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its certificate could not be verified',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its certificate is issued by an authority this computer does not trust',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its certificate is for a different host name',
  CERT_NOT_YET_VALID: 'its certificate is not valid yet',
};

/** Names what went wrong on the wire in words a user can act on. */
export function networkError(error: unknown, url: string): AppError {
  if (error instanceof AppError) return error;
  const host = hostOf(url);
  const code = errorCode(error);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME')
    return unreachable('dns', `Could not resolve ${host}. Check the address for typos and that you are online.`, host, code);
  if (code === 'ECONNREFUSED')
    return unreachable('refused', `${host} refused the connection. Check the address and port, and that the hub is running.`, host, code);
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET')
    return unreachable(
      'reset',
      `The connection to ${host} was reset. Try again; if it keeps happening, a proxy or firewall may be in the way.`,
      host,
      code,
    );
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ENETDOWN')
    return unreachable('network', `${host} cannot be reached from this network. Check your connection.`, host, code);
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return timeoutError(url);
  if (code && (code in TLS_PLAIN || /CERT|TLS|SSL/.test(code))) {
    const why = TLS_PLAIN[code] ?? 'a secure (TLS) connection could not be set up — is the address http rather than https?';
    return unreachable(
      'tls',
      `TLS certificate problem: ${host} cannot be trusted because ${why}. Check the address, or ask the hub's owner to fix the certificate.`,
      host,
      code,
    );
  }
  return unreachable('unknown', `Could not connect to ${host}. Check the address and your connection, then try again.`, host, code);
}

function unreachable(reason: string, message: string, host: string, code: string | undefined): AppError {
  return new AppError('HUB_UNREACHABLE', message, code ? { reason, host, systemCode: code } : { reason, host });
}

function errorCode(error: unknown): string | undefined {
  if (error instanceof undiciErrors.UndiciError) return (error as { code?: string }).code;
  const seen = new Set<unknown>();
  let e: unknown = error;
  while (e && typeof e === 'object' && !seen.has(e)) {
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
