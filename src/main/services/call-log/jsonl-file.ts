import { closeSync, existsSync, openSync, readFileSync, readSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { asideName, ensurePrivateDir, FILE_MODE, writeFileAtomicSync } from '../storage/atomic';
import { withLockSync } from '../storage/lock';
import { redactText } from '../storage/redact';

/**
 * An append-only log file, one JSON value per line (`{name}.jsonl`). Each
 * append is one O_APPEND write of one line under the data folder's lock, so
 * two processes appending at once both keep their lines, and a chat never
 * rewrites the whole file. The file is rewritten (atomically) only to drop old
 * lines once it holds more than the cap. Readers pick up lines other
 * processes appended since they last looked.
 */
export class JsonlFile {
  readonly path: string;
  /** Bytes of the file already read (always at a line end). */
  private offset = 0;
  private ino = -1;
  private lines = 0;
  /** Lines that did not parse (a torn write, a hand edit): skipped, dropped at the next compaction. */
  skipped = 0;

  constructor(
    readonly dir: string,
    name: string,
  ) {
    ensurePrivateDir(dir);
    this.path = join(dir, `${name}.jsonl`);
  }

  /** Every value in the file, from the start. */
  readAll(): unknown[] {
    this.offset = 0;
    this.lines = 0;
    this.skipped = 0;
    this.ino = -1;
    return this.readNew() ?? [];
  }

  /**
   * Values appended since the last read, or null when the file was replaced
   * (compacted or cleared by another process): then call readAll.
   */
  readNew(): unknown[] | null {
    let st;
    try {
      st = statSync(this.path);
    } catch {
      if (this.ino === -1 || this.ino === 0) {
        this.ino = 0;
        return [];
      }
      return null;
    }
    if (this.ino !== -1 && (st.ino !== this.ino || st.size < this.offset)) return null;
    this.ino = st.ino;
    if (st.size === this.offset) return [];
    const fd = openSync(this.path, 'r');
    let buf: Buffer;
    try {
      buf = Buffer.alloc(st.size - this.offset);
      let read = 0;
      while (read < buf.length) {
        const n = readSync(fd, buf, read, buf.length - read, this.offset + read);
        if (n === 0) break;
        read += n;
      }
      buf = buf.subarray(0, read);
    } finally {
      closeSync(fd);
    }
    const end = buf.lastIndexOf(0x0a);
    if (end < 0) return []; // a line still being written
    this.offset += end + 1;
    const out: unknown[] = [];
    for (const line of buf.subarray(0, end).toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      this.lines++;
      try {
        out.push(JSON.parse(line));
      } catch {
        this.skipped++;
      }
    }
    return out;
  }

  /** Runs `fn` under the folder lock (re-entrant for nested store calls). */
  locked<T>(fn: () => T): T {
    return withLockSync(this.dir, fn);
  }

  /** Appends one value as one line. Call under `locked`, after reading what others appended. */
  append(value: unknown): void {
    const line = Buffer.from(`${redactText(JSON.stringify(value))}\n`, 'utf8');
    const fd = openSync(this.path, 'a', FILE_MODE);
    try {
      writeSync(fd, line);
    } finally {
      closeSync(fd);
    }
    const st = statSync(this.path);
    this.ino = st.ino;
    this.offset = st.size;
    this.lines++;
  }

  get lineCount(): number {
    return this.lines;
  }

  /** Replaces the whole file with `values` (compaction, clear). Call under `locked`. */
  replace(values: readonly unknown[]): void {
    const text = values.map((v) => `${redactText(JSON.stringify(v))}\n`).join('');
    writeFileAtomicSync(this.path, text);
    const st = statSync(this.path);
    this.ino = st.ino;
    this.offset = st.size;
    this.lines = values.length;
    this.skipped = 0;
  }

  /**
   * The older single-JSON-file log (`{name}.json`, `{calls: [...]}`), so an
   * update keeps the user's history; null when there is none. Call under
   * `locked`; write the items out before `dropLegacy`.
   */
  readLegacy(name: string, field: string): { file: string; items: unknown[] } | null {
    const file = join(this.dir, `${name}.json`);
    if (!existsSync(file)) return null;
    try {
      const doc = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      return { file, items: Array.isArray(doc[field]) ? doc[field] : [] };
    } catch {
      // Damaged: keep it for the user rather than delete it.
      renameSync(file, asideName(file));
      return { file: '', items: [] };
    }
  }

  dropLegacy(file: string): void {
    if (file) unlinkSync(file);
  }
}
