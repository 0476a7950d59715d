import { AppError } from '../../../shared/errors';
import { redactSecrets } from './redact';

/** What a hub error body says, whatever its shape (docs/hub-protocol.md §8). */
export interface HubErrorBody {
  message: string | undefined;
  type: string | undefined;
  link: string | undefined;
}

/**
 * Reads the three error shapes the hub uses — `{"error":"msg"}`,
 * `{"error":{"message","type","link"}}`, `{"error":{"message"}}` — plus the
 * `{"message"}` some routes send, a JSON string, or plain text.
 * `body` may be the raw text or already-parsed JSON.
 */
export function readHubErrorBody(body: unknown): HubErrorBody {
  const parsed = typeof body === 'string' ? parseOrText(body) : body;
  const none: HubErrorBody = { message: undefined, type: undefined, link: undefined };
  if (typeof parsed === 'string') return { ...none, message: plainText(parsed) };
  if (!parsed || typeof parsed !== 'object') return none;
  const error = (parsed as { error?: unknown }).error;
  if (typeof error === 'string') return { ...none, message: clean(error) };
  if (error && typeof error === 'object') {
    const e = error as { message?: unknown; type?: unknown; link?: unknown };
    return { message: str(e.message), type: str(e.type), link: str(e.link) };
  }
  return { ...none, message: str((parsed as { message?: unknown }).message) };
}

/**
 * Maps a hub error answer to an AppError. Works for HTTP errors and for the
 * `data: {"error":…}` event an SSE stream sends with status 200, so the
 * playground can reuse it.
 */
export function hubErrorFromResponse(status: number, body: unknown): AppError {
  const { message: hubMessage, type, link } = readHubErrorBody(body);
  const detail: Record<string, unknown> = { status };
  if (hubMessage) detail.hubMessage = hubMessage;
  if (type) detail.type = type;

  if (status === 402 || type === 'NOT_ENOUGH') {
    if (link) detail.link = link;
    return new AppError(
      'OUT_OF_CREDITS',
      link
        ? 'Your hub account is out of credits. Top up on the hub to keep using it.'
        : 'Your hub account is out of credits. Ask the hub owner to add credits.',
      { ...detail, reason: link ? 'topUp' : 'askOwner' },
    );
  }
  if (status === 401 || isNotAuthenticated(hubMessage)) {
    return new AppError(
      'UNAUTHORIZED',
      'The hub did not accept this key. It may have been revoked, mistyped, or belong to another hub. Check the key, or generate a new one.',
      { ...detail, reason: 'keyRejected' },
    );
  }
  const said = hubMessage ? ` The hub said: "${hubMessage}".` : '';
  switch (true) {
    case status === 403:
      return new AppError('UNAUTHORIZED', `This key is not allowed to do that on the hub.${said}`, { ...detail, reason: 'forbidden' });
    case status === 400 || status === 422:
      return new AppError('INVALID_INPUT', `The hub rejected the request.${said}`, { ...detail, reason: 'hubRejected' });
    case status === 404:
      return new AppError('NOT_FOUND', `The hub could not find what was asked for.${said}`, { ...detail, reason: 'hubNotFound' });
    case status === 429:
      return new AppError('HUB_ERROR', `The model provider is rate-limiting the hub. Wait a minute and try again.${said}`, {
        ...detail,
        reason: 'rateLimited',
      });
    case status === 502 || status === 503 || status === 504:
      return new AppError('HUB_ERROR', `The hub or its model provider is unavailable right now. Try again in a few minutes.${said}`, {
        ...detail,
        reason: 'unavailable',
      });
    default:
      return new AppError('HUB_ERROR', `The hub answered with an error (HTTP ${status}).${said}`, { ...detail, reason: 'httpStatus' });
  }
}

function isNotAuthenticated(message: string | undefined): boolean {
  return message === 'User not authenticated' || message === 'Unauthorized';
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Plain-text bodies: keep short human text, drop HTML error pages. */
function plainText(text: string): string | undefined {
  const t = text.trim();
  if (!t || t.startsWith('<')) return undefined;
  return clean(t);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? clean(value) : undefined;
}

function clean(text: string): string {
  const oneLine = redactSecrets(text.replace(/\s+/g, ' ').trim());
  return oneLine.length > 300 ? `${oneLine.slice(0, 300)}…` : oneLine;
}
