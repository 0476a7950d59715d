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
import { StringDecoder } from 'node:string_decoder';

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

/** Receives each event as soon as it is complete. */
export type SseSink = (event: SseEvent) => void;

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
  // Node's StringDecoder: about twice as fast as TextDecoder per network chunk, same streaming rules.
  private readonly decoder = new StringDecoder('utf8');
  private readonly maxLineChars: number;
  /** Text of the current, still unterminated line. */
  private line = '';
  /** The previous chunk ended with CR: a LF starting the next one belongs to it. */
  private afterCR = false;
  private started = false;
  /** The data lines of the event being built, joined with "\n" as they arrive. */
  private data = '';
  private hasData = false;
  private eventName = '';
  private lastEventId = '';

  constructor(options: SseParserOptions = {}) {
    this.maxLineChars = options.maxLineChars ?? Number.POSITIVE_INFINITY;
  }

  /**
   * Feeds a chunk. Without `onEvent`, returns the events it completed, in order.
   * With it, hands each event over as soon as its blank line is read (and
   * returns nothing): a consumer can act on the first event of a big chunk
   * before the rest is parsed, and keeps what it got if a later line is too long.
   */
  push(chunk: Uint8Array | string): SseEvent[];
  push(chunk: Uint8Array | string, onEvent: SseSink): void;
  push(chunk: Uint8Array | string, onEvent?: SseSink): SseEvent[] | void {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    if (onEvent) {
      if (text.length > 0) this.feed(text, onEvent);
      return;
    }
    const out: SseEvent[] = [];
    if (text.length > 0) this.feed(text, (event) => void out.push(event));
    return out;
  }

  /** The stream ended: flushes the decoder and any trailing line or event (see the file comment). */
  end(): SseEvent[];
  end(onEvent: SseSink): void;
  end(onEvent?: SseSink): SseEvent[] | void {
    const out: SseEvent[] = [];
    const sink: SseSink = onEvent ?? ((event) => void out.push(event));
    const rest = this.decoder.end();
    if (rest.length > 0) this.feed(rest, sink);
    if (this.line !== '') {
      const line = this.line;
      this.line = '';
      this.processLine(line, 0, line.length, sink);
    }
    const pending = this.hasData ? this.buildEvent() : undefined;
    this.data = '';
    this.hasData = false;
    this.eventName = '';
    this.afterCR = false;
    if (pending) {
      pending.partial = true;
      sink(pending);
    }
    return onEvent ? undefined : out;
  }

  // Lines are found with indexOf (native, far faster than a loop over char
  // codes) and read by position, so only field values are ever sliced.
  private feed(input: string, emit: SseSink): void {
    let text = input;
    if (!this.started) {
      this.started = true;
      // A leading BOM is not part of the stream (the spec drops it).
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const max = this.maxLineChars;
    let pos = 0;
    if (this.afterCR) {
      this.afterCR = false;
      if (text.charCodeAt(0) === LF) pos = 1;
    }
    let lf = text.indexOf('\n', pos);
    let cr = text.indexOf('\r', pos);
    if (this.line !== '') {
      const ends = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
      if (ends === -1) {
        // Still no line end: keep appending (a rope, not a copy), within the cap.
        if (this.line.length + (text.length - pos) > max) throw new SseTooLongError(max);
        this.line += pos === 0 ? text : text.slice(pos);
        return;
      }
      if (this.line.length + (ends - pos) > max) throw new SseTooLongError(max);
      const head = this.line.length;
      text = this.line + (pos === 0 ? text : text.slice(pos));
      this.line = '';
      lf = lf === -1 ? -1 : lf - pos + head;
      cr = cr === -1 ? -1 : cr - pos + head;
      pos = 0;
    }
    const len = text.length;
    while (pos < len) {
      if (lf !== -1 && lf < pos) lf = text.indexOf('\n', pos);
      if (cr !== -1 && cr < pos) cr = text.indexOf('\r', pos);
      let end: number;
      let next: number;
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        end = cr;
        next = cr + 1;
        if (next < len) {
          if (text.charCodeAt(next) === LF) next++;
        } else {
          this.afterCR = true;
        }
      } else if (lf !== -1) {
        end = lf;
        next = lf + 1;
      } else {
        break;
      }
      if (end - pos > max) throw new SseTooLongError(max);
      this.processLine(text, pos, end, emit);
      pos = next;
    }
    if (pos < len) {
      if (len - pos > max) throw new SseTooLongError(max);
      this.line = text.slice(pos);
    }
  }

  /** The line `text[start, end)`. */
  private processLine(text: string, start: number, end: number, emit: SseSink): void {
    if (start === end) {
      // The state is reset before the event goes out: a sink may throw or stop reading.
      const event = this.hasData ? this.buildEvent() : undefined;
      this.data = '';
      this.hasData = false;
      this.eventName = '';
      if (event) emit(event);
      return;
    }
    const first = text.charCodeAt(start);
    if (first === 0x3a /* : */) return;
    // The common line, `data: …`, read without slicing the field name.
    if (
      first === 0x64 &&
      text.charCodeAt(start + 1) === 0x61 &&
      text.charCodeAt(start + 2) === 0x74 &&
      text.charCodeAt(start + 3) === 0x61 &&
      text.charCodeAt(start + 4) === 0x3a
    ) {
      this.addData(text.slice(text.charCodeAt(start + 5) === 0x20 ? start + 6 : start + 5, end));
      return;
    }
    const line = text.slice(start, end);
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 0x20) value = value.slice(1);
    switch (field) {
      case 'data':
        this.addData(value);
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

  private addData(value: string): void {
    if (this.hasData) {
      if (this.data.length + 1 + value.length > this.maxLineChars) throw new SseTooLongError(this.maxLineChars);
      this.data = `${this.data}\n${value}`;
    } else {
      this.data = value;
      this.hasData = true;
    }
  }

  private buildEvent(): SseEvent {
    const event: SseEvent = { data: this.data };
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
