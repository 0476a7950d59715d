import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { redactText } from './storage/redact';

export type LogLevel = 'info' | 'warn' | 'error';

/**
 * Where main leaves a trace of what went wrong: INTERNAL causes and failures
 * it chose to swallow. Passed to the services that need it, never global.
 * Every line is redacted before it is written, so a key that slipped into an
 * error message does not reach the file.
 */
export interface Logger {
  info(message: string, cause?: unknown): void;
  warn(message: string, cause?: unknown): void;
  error(message: string, cause?: unknown): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

export interface FileLoggerOptions {
  /** The folder of the log files (created owner-only if missing). */
  dir: string;
  /** Default `app.log`; the previous one is kept as `app.log.1`. */
  fileName?: string;
  /** The size at which the file is rotated. Default 1 MB, so at most about 2 MB are kept. */
  maxBytes?: number;
  /** Also hands each (redacted) warn/error line here, e.g. the console of a development run. */
  echo?: (line: string) => void;
  now?: () => Date;
}

export interface FileLogger extends Logger {
  readonly path: string;
}

/** The longest cause text written per line: a huge error message must not fill the log on its own. */
const MAX_CAUSE_CHARS = 4000;

export function createFileLogger(options: FileLoggerOptions): FileLogger {
  const path = join(options.dir, options.fileName ?? 'app.log');
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const now = options.now ?? (() => new Date());
  let size: number | undefined;

  const write = (level: LogLevel, message: string, cause: unknown) => {
    const text = cause === undefined ? message : `${message} | ${describeCause(cause)}`;
    const line = `${now().toISOString()} ${level.toUpperCase()} ${redactText(text.replace(/\r?\n/g, '\n    '))}\n`;
    if (level !== 'info') options.echo?.(line.trimEnd());
    try {
      if (size === undefined) {
        mkdirSync(options.dir, { recursive: true, mode: 0o700 });
        size = fileSize(path);
      }
      const bytes = Buffer.byteLength(line);
      if (size > 0 && size + bytes > maxBytes) {
        rmSync(`${path}.1`, { force: true });
        renameSync(path, `${path}.1`);
        size = 0;
      }
      appendFileSync(path, line, { mode: 0o600 });
      size += bytes;
    } catch {
      // Nowhere left to report a failing log; the app carries on without it.
      size = undefined;
    }
  };
  return {
    path,
    info: (m, c) => write('info', m, c),
    warn: (m, c) => write('warn', m, c),
    error: (m, c) => write('error', m, c),
  };
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** An error's name, message, reason and stack; anything else as short JSON. */
export function describeCause(cause: unknown, depth = 0): string {
  let text: string;
  if (cause instanceof Error) {
    const detail = (cause as { detail?: { reason?: unknown } }).detail;
    const reason = typeof detail?.reason === 'string' ? ` (${detail.reason})` : '';
    text = `${cause.name}: ${cause.message}${reason}${cause.stack ? `\n${cause.stack.split('\n').slice(1, 8).join('\n')}` : ''}`;
    if (cause.cause !== undefined && depth < 3) text += `\ncaused by ${describeCause(cause.cause, depth + 1)}`;
  } else {
    try {
      text = typeof cause === 'string' ? cause : (JSON.stringify(cause) ?? String(cause));
    } catch {
      text = String(cause);
    }
  }
  return text.length > MAX_CAUSE_CHARS ? `${text.slice(0, MAX_CAUSE_CHARS)}…` : text;
}
