import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyValueStore } from '../settings/store';

/**
 * `{dir}/{name}.json` as a KeyValueStore, for data that grows (the call log,
 * conversations). Why not conf: conf re-reads and re-parses the whole file on
 * every `set`, which costs tens of milliseconds on the main thread once the
 * call log holds 10 000 entries. This keeps the data in memory and only writes:
 * compact JSON, owner-only (0600), to a temporary file renamed over the old
 * one, so a crash mid-write never leaves half a file.
 *
 * A file that is not a JSON object is moved aside as `{name}.corrupt-<time>.json`
 * and a fresh one started: one bad write must not keep the app from starting,
 * and the old data can still be recovered by hand.
 */
export class JsonFileStore implements KeyValueStore {
  readonly path: string;
  /** Each top-level value as its JSON text: serialised once per `set`, copied out by parsing. */
  private readonly texts = new Map<string, string>();

  constructor(dir: string, name: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.path = join(dir, `${name}.json`);
    for (const [key, value] of Object.entries(this.load(dir, name))) {
      if (value !== undefined) this.texts.set(key, JSON.stringify(value));
    }
  }

  get(key: string): unknown {
    const text = this.texts.get(key);
    return text === undefined ? undefined : JSON.parse(text);
  }

  set(key: string, value: unknown): void {
    const text = JSON.stringify(value);
    if (text === undefined) this.texts.delete(key);
    else this.texts.set(key, text);
    this.write();
  }

  delete(key: string): void {
    this.texts.delete(key);
    this.write();
  }

  get store(): Record<string, unknown> {
    return Object.fromEntries([...this.texts].map(([key, text]) => [key, JSON.parse(text) as unknown]));
  }

  private load(dir: string, name: string): Record<string, unknown> {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return {};
      throw error;
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // fall through: moved aside below
    }
    renameSync(this.path, join(dir, `${name}.corrupt-${Date.now()}.json`));
    return {};
  }

  private write(): void {
    const tmp = `${this.path}.${process.pid}.tmp`;
    const body = [...this.texts].map(([key, text]) => `${JSON.stringify(key)}:${text}`).join(',');
    writeFileSync(tmp, `{${body}}`, { mode: 0o600 });
    renameSync(tmp, this.path);
  }
}

export function openJsonFileStore(dir: string, name: string): KeyValueStore {
  return new JsonFileStore(dir, name);
}
