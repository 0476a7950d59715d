/**
 * An incremental parser for server-sent events, following the WHATWG
 * "event stream interpretation" rules, fed one chunk at a time.
 *
 * - Chunks may split anywhere: inside a line, between CR and LF, or inside a
 *   multi-byte UTF-8 character (bytes are decoded with a streaming decoder).
 * - Lines end with CRLF, LF or CR. `:` lines are comments. Several `data:`
 *   lines join with "\n". A leading BOM is ignored.
 * - An event is dispatched at a blank line; one without any `data` line is
 *   dropped (spec). `event:` names it; `id:` sets the last event id, which
 *   persists across events (spec); `retry:` is ignored (we never reconnect).
 *
 * End of stream (our decision, deliberately not the spec's): the spec drops
 * an event that has no terminating blank line. The hub ends a stream by
 * closing it, so `end()` instead completes a trailing line and dispatches a
 * pending event with `partial: true` — no content is ever lost silently, and
 * the hub layer decides whether the fragment is usable (valid JSON) or a
 * malformed stream. Do not mix string and byte chunks in one stream.
 */

export interface SseEvent {
  /** The `event:` name; absent for unnamed (`message`) events. */
  event?: string;
  data: string;
  /** The last event id seen, when the stream set one. */
  id?: string;
  /** Set on an event flushed by `end()` without its terminating blank line. */
  partial?: true;
}

const LF = 10;
const CR = 13;

export interface SseParserOptions {
  /**
   * Longest line, and longest event (its data lines together), in characters.
   * Past it `push` throws SseTooLongError: a hub that never ends a line must
   * not grow memory without bound.
   */
  maxLineChars?: number;
}

/** A line or event outgrew `maxLineChars`. */
export class SseTooLongError extends Error {
  constructor(readonly maxLineChars: number) {
    super(`An event-stream line or event is longer than ${maxLineChars} characters.`);
    this.name = 'SseTooLongError';
  }
}

export class SseParser {
  private readonly decoder = new TextDecoder('utf-8');
  private readonly maxLineChars: number;
  /** Characters in the data lines of the event being built. */
  private dataChars = 0;

  constructor(options: SseParserOptions = {}) {
    this.maxLineChars = options.maxLineChars ?? Number.POSITIVE_INFINITY;
  }
  /** Text of the current, still unterminated line. */
  private line = '';
  /** The previous chunk ended with CR: a LF starting the next one belongs to it. */
  private afterCR = false;
  private started = false;
  private dataLines: string[] = [];
  private eventName = '';
  private lastEventId = '';

  /** Feeds a chunk; returns the events it completed, in order. */
  push(chunk: Uint8Array | string): SseEvent[] {
    const text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    const out: SseEvent[] = [];
    this.feed(text, out);
    return out;
  }

  /** The stream ended: flushes the decoder and any trailing line or event (see the file comment). */
  end(): SseEvent[] {
    const out: SseEvent[] = [];
    this.feed(this.decoder.decode(), out);
    if (this.line !== '') {
      this.processLine(this.line, out);
      this.line = '';
    }
    if (this.dataLines.length > 0) {
      const event = this.buildEvent();
      event.partial = true;
      out.push(event);
    }
    this.dataLines = [];
    this.dataChars = 0;
    this.eventName = '';
    this.afterCR = false;
    return out;
  }

  private feed(input: string, out: SseEvent[]): void {
    let text = input;
    if (!this.started && text.length > 0) {
      this.started = true;
      // The byte decoder already drops a BOM; strings may still carry one.
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let start = 0;
    if (this.afterCR && text.length > 0) {
      this.afterCR = false;
      if (text.charCodeAt(0) === LF) start = 1;
    }
    for (let i = start; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== LF && c !== CR) continue;
      if (this.line.length + (i - start) > this.maxLineChars) throw new SseTooLongError(this.maxLineChars);
      const line = this.line + text.slice(start, i);
      this.line = '';
      if (c === CR) {
        if (i + 1 < text.length) {
          if (text.charCodeAt(i + 1) === LF) i++;
        } else {
          this.afterCR = true;
        }
      }
      start = i + 1;
      this.processLine(line, out);
    }
    if (start < text.length) this.line += text.slice(start);
    if (this.line.length > this.maxLineChars) throw new SseTooLongError(this.maxLineChars);
  }

  private processLine(line: string, out: SseEvent[]): void {
    if (line === '') {
      if (this.dataLines.length > 0) out.push(this.buildEvent());
      this.dataLines = [];
      this.dataChars = 0;
      this.eventName = '';
      return;
    }
    if (line.charCodeAt(0) === 0x3a /* : */) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 0x20) value = value.slice(1);
    switch (field) {
      case 'data':
        this.dataChars += value.length + 1;
        if (this.dataChars > this.maxLineChars) throw new SseTooLongError(this.maxLineChars);
        this.dataLines.push(value);
        break;
      case 'event':
        this.eventName = value;
        break;
      case 'id':
        if (!value.includes('\u0000')) this.lastEventId = value;
        break;
      default:
      // `retry` and unknown fields are ignored.
    }
  }

  private buildEvent(): SseEvent {
    const event: SseEvent = { data: this.dataLines.join('\n') };
    if (this.eventName !== '') event.event = this.eventName;
    if (this.lastEventId !== '') event.id = this.lastEventId;
    return event;
  }
}

/** Parses a whole SSE text or byte array at once (tests, small bodies). */
export function parseSseText(body: string | Uint8Array): SseEvent[] {
  const parser = new SseParser();
  return [...parser.push(body), ...parser.end()];
}
