// Small HTTP helpers over node:http: bodies, JSON answers, SSE frames.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The hub's JSON body limit (REQUEST_ENTITY_SIZE_LIMIT, 30 mb). */
export const BODY_LIMIT = 30 * 1024 * 1024;

export type BodyResult = { ok: true; value: unknown } | { ok: false; status: number; message: string };

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > BODY_LIMIT) throw Object.assign(new Error('request entity too large'), { status: 413 });
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads a JSON body the way express.json() does: an empty or non-JSON
 * content type gives `{}`; malformed JSON is a 400 with the parser's message.
 */
export async function readJsonBody(req: IncomingMessage): Promise<BodyResult> {
  let raw: Buffer;
  try {
    raw = await readBody(req);
  } catch (error) {
    const status = (error as { status?: number }).status ?? 400;
    return { ok: false, status, message: (error as Error).message };
  }
  const type = req.headers['content-type'] ?? '';
  if (raw.length === 0 || !/\bjson\b/i.test(type)) return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(raw.toString('utf8')) as unknown };
  } catch (error) {
    return { ok: false, status: 400, message: (error as Error).message };
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendText(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

/** True when the Accept header lists text/event-stream (as express's req.accepts() does). */
export function wantsEventStream(req: IncomingMessage): boolean {
  const accept = req.headers.accept ?? '';
  return accept.split(',').some((part) => {
    const [type, ...params] = part.trim().split(';');
    if (type?.trim().toLowerCase() !== 'text/event-stream') return false;
    return !params.some((p) => /^\s*q\s*=\s*0(\.0*)?\s*$/.test(p));
  });
}

export function startEventStream(res: ServerResponse): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
    'X-Accel-Buffering': 'no',
    Connection: 'keep-alive',
  });
  res.flushHeaders();
}

/** One SSE event: `event: <name>\n` when named, then `data: <text>\n\n`. */
export function writeEvent(res: ServerResponse, data: unknown, event?: string): void {
  const text = typeof data === 'string' ? data : JSON.stringify(data);
  res.write(`${event ? `event: ${event}\n` : ''}data: ${text}\n\n`);
}

/** The hub's answer to an error once the request accepted SSE: 200 and one data event. */
export function sendEventStreamError(res: ServerResponse, error: unknown): void {
  if (!res.headersSent) startEventStream(res);
  if (res.writable) writeEvent(res, { error });
  res.end();
}

export function queryString(url: URL, name: string): string | undefined {
  const value = url.searchParams.get(name);
  return value === null || value === '' ? undefined : value;
}

export function queryInt(url: URL, name: string): number | undefined {
  const value = queryString(url, name);
  if (value === undefined) return undefined;
  const parsed = Number.parseInt(value, 10);
  return Number.isFinite(parsed) ? parsed : undefined;
}

export function headerString(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? undefined : first;
}
