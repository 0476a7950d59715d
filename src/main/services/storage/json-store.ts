import { readFileSync, renameSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { KeyValueStore } from '../settings/store';
import { asideName, ensurePrivateDir, writeFileAtomicSync } from './atomic';
import { withLockSync } from './lock';
import type { NoticeBoard, StorageNotice } from './notices';
import { redactDeep } from './redact';

export interface JsonStoreOptions {
  /** Told when the file was damaged and set aside. */
  notices?: NoticeBoard;
  /** The notice's reason when this file is set aside. */
  damagedReason?: StorageNotice['reason'];
  /** Mask anything key-shaped in every value before it is written (settings, caches). */
  redact?: boolean;
  /** Tab-indented, for files a person may open (settings); compact otherwise. */
  pretty?: boolean;
  /** Keep `{name}.backup.json`, the last good copy, and restore from it when the file is damaged. */
  backup?: boolean;
}

type Doc = Record<string, unknown>;

/**
 * `{dir}/{name}.json` as a KeyValueStore that several processes can share.
 * Every change is a read-modify-write under the data folder's lock: the file
 * is re-read, only the changed key replaced, and the result written
 * atomically (0600), so another process's changes to other keys survive.
 * Reads notice when another process changed the file and reload it.
 *
 * A file that is not a JSON object is never thrown at the caller: it is
 * renamed aside with a timestamp (nothing deleted), the user is told, and the
 * store starts from the backup copy or empty.
 */
export class JsonStore implements KeyValueStore {
  readonly path: string;
  readonly dir: string;
  private readonly backupPath: string;
  private doc: Doc = {};
  private stamp = '';
  /** Where the damaged file was moved, when it was. */
  damagedAside: string | undefined;
  private revisionCount = 0;

  constructor(
    dir: string,
    private readonly name: string,
    private readonly options: JsonStoreOptions = {},
  ) {
    ensurePrivateDir(dir);
    this.dir = dir;
    this.path = join(dir, `${name}.json`);
    this.backupPath = join(dir, `${name}.backup.json`);
    withLockSync(dir, () => this.reload());
  }

  get(key: string): unknown {
    this.refresh();
    const value = this.doc[key];
    return value === undefined ? undefined : structuredClone(value);
  }

  set(key: string, value: unknown): void {
    this.update(key, () => value);
  }

  delete(key: string): void {
    this.update(key, () => undefined);
  }

  /** Changes whenever the contents may have changed (our writes, or another process's seen on reload). */
  get revision(): number {
    this.refresh();
    return this.revisionCount;
  }

  get store(): Doc {
    this.refresh();
    return structuredClone(this.doc);
  }

  /**
   * Read-modify-write of one key under the lock: `fn` gets the value as it is
   * on disk now (another process may have changed it) and returns the new one
   * (undefined deletes). Returns what was stored.
   */
  update(key: string, fn: (current: unknown) => unknown): unknown {
    return withLockSync(this.dir, () => {
      this.refresh();
      const current = this.doc[key];
      let next = fn(current === undefined ? undefined : structuredClone(current));
      if (next !== undefined) next = JSON.parse(JSON.stringify(next)) as unknown;
      if (next !== undefined && this.options.redact) next = redactDeep(next);
      const doc = { ...this.doc };
      if (next === undefined) delete doc[key];
      else doc[key] = next;
      this.write(doc);
      return next === undefined ? undefined : structuredClone(next);
    });
  }

  private write(doc: Doc): void {
    const text = this.options.pretty ? JSON.stringify(doc, null, '\t') : JSON.stringify(doc);
    writeFileAtomicSync(this.path, text);
    if (this.options.backup) writeFileAtomicSync(this.backupPath, text);
    this.doc = doc;
    this.stamp = stampOf(this.path);
    this.revisionCount++;
  }

  /** Reloads when the file changed since we last read or wrote it. */
  private refresh(): void {
    if (stampOf(this.path) !== this.stamp) withLockSync(this.dir, () => this.reload());
  }

  private reload(): void {
    this.revisionCount++;
    const stamp = stampOf(this.path);
    const text = readText(this.path);
    if (text === null) {
      this.doc = {};
      this.stamp = stamp;
      return;
    }
    const doc = parseObject(text);
    if (doc) {
      this.doc = doc;
      this.stamp = stamp;
      return;
    }
    // Damaged: keep it for the user, tell them, and carry on from the last good copy or empty.
    const aside = asideName(this.path);
    renameSync(this.path, aside);
    this.damagedAside = aside;
    const backup = this.options.backup ? parseObject(readText(this.backupPath) ?? '') : null;
    this.options.notices?.add({
      reason: this.options.damagedReason ?? 'fileDamaged',
      params: { file: basename(aside), restored: backup ? 1 : 0, name: `${this.name}.json` },
    });
    this.doc = {};
    this.stamp = '';
    if (backup) this.write(backup);
  }
}

function stampOf(file: string): string {
  try {
    const s = statSync(file);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return null;
    throw error;
  }
}

function parseObject(text: string): Doc | null {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Doc;
  } catch {
    // damaged
  }
  return null;
}

export function openJsonStore(dir: string, name: string, options?: JsonStoreOptions): JsonStore {
  return new JsonStore(dir, name, options);
}
