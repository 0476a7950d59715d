import { AppError } from '../../../shared/errors';
import type { ToolCall } from '../../../shared/playground';
import { hubErrorFromResponse, readHubErrorBody } from '../hub/hub-errors';
import type { SseEvent } from './sse';

/**
 * What one SSE event of `/api/v2/chat/completions` means (docs/hub-protocol.md §5).
 * - delta: `content` is an increment; `toolCalls`, when present, REPLACES the list.
 * - usage: may repeat; the consumer keeps the last.
 * - error: a mapped AppError (the hub sends errors as HTTP 200 events once SSE was accepted).
 * - server-timing: the trailing `event: server-timing` with `session;dur=…, total;dur=…`.
 */
export type HubChatEvent =
  | { type: 'delta'; content: string; toolCalls?: ToolCall[] }
  | { type: 'usage'; promptTokens: number; completionTokens: number; totalTokens: number }
  | { type: 'error'; error: AppError }
  | { type: 'server-timing'; sessionMs?: number; totalMs?: number };

export const MALFORMED_STREAM_MESSAGE =
  'The hub sent a malformed stream, so the answer stopped there. The text received so far is kept; try again.';

export function malformedStreamError(): AppError {
  return new AppError('HUB_ERROR', MALFORMED_STREAM_MESSAGE, { reason: 'malformed-stream' });
}

// The hub's usual event, byte for byte: `{"delta":{"role":"assistant","content":"…","toolCalls":[]}}`.
// Matched without building the object (most of a stream is this); anything else goes through JSON.parse.
// eslint-disable-next-line no-control-regex -- JSON forbids raw control characters in a string; those events take the full parse.
const PLAIN_DELTA = /^\{"delta":\{"role":"assistant","content":"(?:[^"\\\u0000-\u001f]|\\.)*","toolCalls":\[\]\}\}$/;
const PLAIN_DELTA_MAX_CHARS = 8192;
const PLAIN_DELTA_HEAD = '{"delta":{"role":"assistant","content":"'.length;
const PLAIN_DELTA_TAIL = '","toolCalls":[]}}'.length;

/**
 * The text of the hub's usual delta event, else undefined (then `hubChatEvents` reads it in
 * full, and names a fault). Matched with `test` and one slice: no objects per event; only text
 * with escapes is decoded, as the JSON string it is.
 */
export function plainDeltaText(event: SseEvent): string | undefined {
  const data = event.data;
  if (event.event !== undefined || data.length > PLAIN_DELTA_MAX_CHARS || !PLAIN_DELTA.test(data)) return undefined;
  const raw = data.slice(PLAIN_DELTA_HEAD, data.length - PLAIN_DELTA_TAIL);
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return undefined;
  }
}

/** Maps one SSE event to what it says; unknown events map to nothing (forward compatible). */
export function hubChatEvents(event: SseEvent): HubChatEvent[] {
  if (event.event === 'server-timing') return [{ type: 'server-timing', ...parseServerTiming(event.data) }];
  const plain = plainDeltaText(event);
  if (plain !== undefined) return [{ type: 'delta', content: plain }];
  const data = event.data;
  // The usual event is one JSON object: skip the trim's copy then.
  const text = data.charCodeAt(0) === 0x7b && data.charCodeAt(data.length - 1) === 0x7d ? data : data.trim();
  // Not the hub's protocol, but an OpenAI-style proxy in front of a hub may add it.
  if (text === '[DONE]' || text === '') return [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return [{ type: 'error', error: malformedStreamError() }];
  }
  if (!isRecord(json)) return [{ type: 'error', error: malformedStreamError() }];
  // The framework route names its error events; accept that form here too.
  if (event.event === 'error') return [{ type: 'error', error: hubStreamError(json.error ?? json) }];

  const out: HubChatEvent[] = [];
  if (isRecord(json.delta)) {
    const delta = json.delta;
    const content = typeof delta.content === 'string' ? delta.content : '';
    const toolCalls = Array.isArray(delta.toolCalls) && delta.toolCalls.length > 0 ? normaliseToolCalls(delta.toolCalls) : undefined;
    out.push(toolCalls ? { type: 'delta', content, toolCalls } : { type: 'delta', content });
  }
  if (isRecord(json.usage)) {
    const usage = readUsage(json.usage);
    if (usage) out.push({ type: 'usage', ...usage });
  }
  if (json.error !== undefined && json.error !== null) out.push({ type: 'error', error: hubStreamError(json.error) });
  return out;
}

/** `session;dur=12, total;dur=345` → `{sessionMs: 12, totalMs: 345}`; anything unreadable is skipped. */
export function parseServerTiming(text: string): { sessionMs?: number; totalMs?: number } {
  const out: { sessionMs?: number; totalMs?: number } = {};
  for (const entry of text.split(',')) {
    const [rawName, ...params] = entry.split(';');
    const name = rawName?.trim().toLowerCase();
    const dur = params.map((p) => p.trim().match(/^dur\s*=\s*"?(-?[\d.]+)"?$/i)).find(Boolean);
    const value = dur ? Number(dur[1]) : Number.NaN;
    if (!Number.isFinite(value)) continue;
    if (name === 'session') out.sessionMs = value;
    else if (name === 'total') out.totalMs = value;
  }
  return out;
}

// Joi's wording ("\"temperature\" must be …") marks a validation failure.
const VALIDATION_MESSAGE = /^"[^"]+" (must|is|does|contains|length)\b/;

/**
 * Maps the `error` of an SSE event — a string, `{message, type?, link?}`, or a
 * nested `{error:{message}}` — to an AppError. The HTTP status was 200, so the
 * status is inferred from what the error says.
 */
export function hubStreamError(payload: unknown): AppError {
  let error = payload;
  // `{error:{error:{message}}}`: unwrap until something says a message.
  for (let depth = 0; depth < 3 && isRecord(error) && typeof error.message !== 'string' && error.error !== undefined; depth++) {
    error = error.error;
  }
  const body = { error };
  const { message, type } = readHubErrorBody(body);
  let inferred: number | undefined;
  if (type === 'NOT_ENOUGH') inferred = 402;
  else if (message === 'User not authenticated' || message === 'Unauthorized') inferred = 401;
  else if (message && VALIDATION_MESSAGE.test(message)) inferred = 400;
  if (inferred !== undefined) {
    const mapped = hubErrorFromResponse(inferred, body);
    return new AppError(mapped.code, mapped.message, { ...mapped.detail, status: 200, inStream: true });
  }
  const detail: Record<string, unknown> = { status: 200, inStream: true };
  if (message) detail.hubMessage = message;
  if (type) detail.type = type;
  return new AppError(
    'HUB_ERROR',
    message
      ? `The hub stopped the answer with an error. The hub said: "${message}".`
      : 'The hub stopped the answer with an error it did not explain. Try again.',
    { ...detail, reason: message ? 'streamErrorSaid' : 'streamError' },
  );
}

function readUsage(raw: Record<string, unknown>): { promptTokens: number; completionTokens: number; totalTokens: number } | undefined {
  const prompt = count(raw.promptTokens ?? raw.inputTokens ?? raw.prompt_tokens);
  const completion = count(raw.completionTokens ?? raw.outputTokens ?? raw.completion_tokens);
  if (prompt === undefined && completion === undefined) return undefined;
  const promptTokens = prompt ?? 0;
  const completionTokens = completion ?? 0;
  return { promptTokens, completionTokens, totalTokens: count(raw.totalTokens ?? raw.total_tokens) ?? promptTokens + completionTokens };
}

function count(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? Math.round(n) : undefined;
}

/** Tool calls as JSON-safe DTOs; object `arguments` become JSON text. */
function normaliseToolCalls(list: unknown[]): ToolCall[] {
  return list.filter(isRecord).map((call, index) => {
    const fn = isRecord(call.function) ? call.function : {};
    const args = fn.arguments;
    return {
      id: typeof call.id === 'string' ? call.id : `call_${index}`,
      type: typeof call.type === 'string' ? call.type : 'function',
      function: {
        name: typeof fn.name === 'string' ? fn.name : '',
        arguments: typeof args === 'string' ? args : args === undefined ? '' : JSON.stringify(args),
      },
    };
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
