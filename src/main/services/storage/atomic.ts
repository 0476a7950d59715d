import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { chmod, mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** Owner-only: other local users must not read keys' metadata, prompts or usage. */
export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

/**
 * Creates the app's data folder owner-only, and tightens it when it already
 * exists (older versions created it with the default umask). Only ever called
 * on the app's own folders.
 */
export function ensurePrivateDir(dir: string): void {
  const created = mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  if (created !== undefined) return;
  try {
    const st = statSync(dir);
    // Only a folder of our own that looks like an app folder: never a shared one
    // like the temp folder (sticky or world-writable), never someone else's.
    const ours = typeof process.getuid !== 'function' || st.uid === process.getuid();
    const shared = (st.mode & 0o1002) !== 0 || resolve(dir) === resolve(tmpdir()) || resolve(dir) === resolve(homedir());
    if (ours && !shared && (st.mode & 0o077) !== 0) chmodSync(dir, DIR_MODE);
  } catch {
    // Not ours to change (e.g. a read-only mount): the files are still 0600.
  }
}

function tempName(file: string): string {
  return `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
}

/**
 * Replaces `file` so a reader (or a crash) sees either the old contents or the
 * new, never half: a private temp file in the same folder, flushed, then
 * renamed over the target.
 */
export function writeFileAtomicSync(file: string, contents: string | Uint8Array): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  const tmp = tempName(file);
  const fd = openSync(tmp, 'wx', FILE_MODE);
  try {
    const data = typeof contents === 'string' ? Buffer.from(contents, 'utf8') : contents;
    let off = 0;
    while (off < data.length) off += writeSync(fd, data, off, data.length - off);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, file);
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    throw error;
  }
}

/** The same as writeFileAtomicSync, without blocking the event loop. */
export async function writeFileAtomic(file: string, contents: string | Uint8Array): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: DIR_MODE });
  const tmp = tempName(file);
  const handle = await open(tmp, 'wx', FILE_MODE);
  try {
    await handle.writeFile(contents);
    await handle.sync();
    await handle.close();
    await rename(tmp, file);
    await chmod(file, FILE_MODE);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
}

/** `name.damaged-2026-01-02T03-04-05-678Z.json`: a name that sorts by time and is valid on every OS. */
export function asideName(file: string, label = 'damaged'): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const m = /^(.*?)(\.[^./\\]+)?$/.exec(file)!;
  return `${m[1]}.${label}-${stamp}${m[2] ?? ''}`;
}
