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

import { AppError } from '../../../shared/errors';

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
const COLON = 0x3a;
const SPACE = 0x20;

/** The longest line accepted by default: a hub line is a few hundred bytes; this only stops runaway input. */
export const DEFAULT_MAX_SSE_LINE_BYTES = 1024 * 1024;

export interface SseParserOptions {
  /**
   * Fails with AppError HUB_ERROR / `sseLineTooLong` once one line grows past this
   * (counted in UTF-16 code units, which equal bytes for the ASCII a hub sends):
   * a stream that never ends its line must not grow memory without bound.
   */
  maxLineBytes?: number;
}

export class SseParser {
  private readonly decoder = new TextDecoder('utf-8');
  private readonly maxLine: number;
  /** Text of the current, still unterminated line. */
  private line = '';
  /** The previous chunk ended with CR: a LF starting the next one belongs to it. */
  private afterCR = false;
  private started = false;
  /** The pending event's data (lines joined with "\n"); undefined before its first `data` line. */
  private data: string | undefined;
  private eventName = '';
  private lastEventId = '';

  constructor(options: SseParserOptions = {}) {
    this.maxLine = options.maxLineBytes ?? DEFAULT_MAX_SSE_LINE_BYTES;
  }

  /** Feeds a chunk; returns the events it completed, in order. Throws AppError `sseLineTooLong` past the line cap. */
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
      const line = this.line;
      this.line = '';
      this.processLine(line, 0, line.length, out);
    }
    if (this.data !== undefined) {
      const event = this.buildEvent(this.data);
      event.partial = true;
      out.push(event);
    }
    this.data = undefined;
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
    const n = text.length;
    // Lines are found with indexOf (native and fast), not by walking characters.
    let cr = text.indexOf('\r', start);
    let lf = text.indexOf('\n', start);
    while (cr !== -1 || lf !== -1) {
      let end: number;
      let next: number;
      if (cr === -1 || (lf !== -1 && lf < cr)) {
        end = lf;
        next = lf + 1;
      } else {
        end = cr;
        if (cr + 1 < n) next = text.charCodeAt(cr + 1) === LF ? cr + 2 : cr + 1;
        else {
          next = cr + 1;
          this.afterCR = true;
        }
      }
      if (end - start > this.maxLine) this.tooLong();
      if (this.line !== '') {
        const line = this.line + text.slice(start, end);
        this.line = '';
        if (line.length > this.maxLine) this.tooLong();
        this.processLine(line, 0, line.length, out);
      } else this.processLine(text, start, end, out);
      start = next;
      if (cr !== -1 && cr < start) cr = text.indexOf('\r', start);
      if (lf !== -1 && lf < start) lf = text.indexOf('\n', start);
    }
    if (start < n) {
      this.line += start === 0 ? text : text.slice(start);
      if (this.line.length > this.maxLine) this.tooLong();
    }
  }

  private tooLong(): never {
    this.line = '';
    throw new AppError(
      'HUB_ERROR',
      `The hub sent a line longer than ${this.maxLine} bytes without ending it, so the answer was stopped. The text received so far is kept.`,
      { reason: 'sseLineTooLong', maxLineBytes: this.maxLine },
    );
  }

  /** Handles the line `text[from, to)` (offsets, so the common `data:` line costs one slice). */
  private processLine(text: string, from: number, to: number, out: SseEvent[]): void {
    const len = to - from;
    if (len === 0) {
      if (this.data !== undefined) out.push(this.buildEvent(this.data));
      this.data = undefined;
      this.eventName = '';
      return;
    }
    const first = text.charCodeAt(from);
    if (first === COLON) return;
    // The common case first: `data:` lines.
    if (first === 100 /* d */ && len >= 5 && text.charCodeAt(from + 4) === COLON && text.startsWith('data', from)) {
      const value = text.slice(from + 5 < to && text.charCodeAt(from + 5) === SPACE ? from + 6 : from + 5, to);
      this.data = this.data === undefined ? value : `${this.data}\n${value}`;
      return;
    }
    const line = text.slice(from, to);
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === SPACE) value = value.slice(1);
    switch (field) {
      case 'data':
        this.data = this.data === undefined ? value : `${this.data}\n${value}`;
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

  private buildEvent(data: string): SseEvent {
    const event: SseEvent = { data };
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
