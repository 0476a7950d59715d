import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { AppError } from '../../../shared/errors';
import { DIR_MODE, FILE_MODE } from './atomic';

/**
 * Cross-process locks on the data folder, as lock files holding the owner's
 * pid. Two kinds:
 * - the write lock (`.write.lock`), held for the few milliseconds of a
 *   read-modify-write, so two processes never interleave a merge;
 * - the host lock (`.host.lock`), held while a host runs, so a second host on
 *   the same folder refuses to start instead of racing the first.
 * A lock whose owner is gone (the pid no longer runs on this machine) is stale
 * and taken over; a write lock older than STALE_MS is stale too.
 */

const WRITE_LOCK = '.write.lock';
const HOST_LOCK = '.host.lock';
const STALE_MS = 30_000;
const WAIT_MS = 10_000;

interface LockInfo {
  pid: number;
  host: string;
  at: number;
  label?: string;
}

function readLock(file: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockInfo>;
    if (typeof info.pid === 'number' && typeof info.at === 'number') return { host: '', ...info } as LockInfo;
  } catch {
    // missing, or caught mid-write by its owner
  }
  return null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

function isStale(info: LockInfo | null, maxAgeMs: number | null, file: string): boolean {
  if (!info) {
    // Unreadable: stale only if it stays that way (its writer needs a moment).
    try {
      return Date.now() - statSync(file).mtimeMs > 2000;
    } catch {
      return true;
    }
  }
  if (info.host && info.host !== hostname()) return maxAgeMs !== null && Date.now() - info.at > maxAgeMs;
  if (info.pid === process.pid) return false;
  if (!alive(info.pid)) return true;
  return maxAgeMs !== null && Date.now() - info.at > maxAgeMs;
}

function tryCreate(file: string, label?: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', FILE_MODE);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EEXIST') return false;
    if (code !== 'ENOENT') throw error;
    // The data folder does not exist yet: create it (owner-only) and try once more.
    mkdirSync(dirname(file), { recursive: true, mode: DIR_MODE });
    fd = openSync(file, 'wx', FILE_MODE);
  }
  const info: LockInfo = { pid: process.pid, host: hostname(), at: Date.now(), ...(label ? { label } : {}) };
  writeSync(fd, JSON.stringify(info));
  closeSync(fd);
  return true;
}

function removeIfStale(file: string, maxAgeMs: number | null): boolean {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return true; // gone already: just try again (never unlink a lock we have not looked at)
  }
  const info = readLock(file);
  if (!isStale(info, maxAgeMs, file)) return false;
  // Still the same stale lock? (Another waiter may have cleared it and a live process taken it since.)
  try {
    if (readFileSync(file, 'utf8') !== text) return true;
    unlinkSync(file);
  } catch {
    // someone else cleared it first
  }
  return true;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

function busy(dir: string): AppError {
  return new AppError('INTERNAL', 'Another copy of the app kept the data folder busy. Close other copies of the app and try again.', {
    reason: 'dataFolderBusy',
    folder: dir,
  });
}

/** Nested calls in one process share the lock (re-entrant), so a store may call another store under it. */
const held = new Map<string, number>();

/** Runs `fn` holding the folder's write lock. Synchronous: the settings store's interface is. */
export function withLockSync<T>(dir: string, fn: () => T): T {
  const file = join(dir, WRITE_LOCK);
  const depth = held.get(file) ?? 0;
  if (depth === 0) {
    const deadline = Date.now() + WAIT_MS;
    let delay = 1;
    while (!tryCreate(file)) {
      if (removeIfStale(file, STALE_MS)) continue;
      if (Date.now() > deadline) throw busy(dir);
      sleepSync(delay);
      delay = Math.min(delay * 2, 20);
    }
  }
  held.set(file, depth + 1);
  try {
    return fn();
  } finally {
    release(file);
  }
}

/** Runs async `fn` holding the folder's write lock; waits without blocking the event loop. */
export async function withLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const file = join(dir, WRITE_LOCK);
  const deadline = Date.now() + WAIT_MS;
  let delay = 1;
  // Not re-entrant across awaits: another task in this process waits its turn like another process would.
  while ((held.get(file) ?? 0) > 0 || !tryCreate(file)) {
    if ((held.get(file) ?? 0) === 0 && removeIfStale(file, STALE_MS)) continue;
    if (Date.now() > deadline) throw busy(dir);
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 20);
  }
  held.set(file, 1);
  try {
    return await fn();
  } finally {
    release(file);
  }
}

function release(file: string): void {
  const depth = (held.get(file) ?? 1) - 1;
  if (depth > 0) {
    held.set(file, depth);
    return;
  }
  held.delete(file);
  try {
    unlinkSync(file);
  } catch {
    // taken over as stale: nothing to release
  }
}

export interface HostLock {
  release(): void;
}

/**
 * Claims the data folder for this host for as long as it runs. A second host
 * on the same folder gets a clear error naming the process that holds it.
 */
export function acquireHostLock(dir: string, label: string): HostLock {
  const file = join(dir, HOST_LOCK);
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(file, label)) {
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        const info = readLock(file);
        if (info?.pid === process.pid) {
          try {
            unlinkSync(file);
          } catch {
            // already gone
          }
        }
      };
      process.once('exit', release);
      return { release };
    }
    if (!removeIfStale(file, null)) break;
  }
  const owner = readLock(file);
  throw new AppError(
    'INTERNAL',
    `Another copy of the app${owner ? ` (process ${owner.pid})` : ''} is already using the data folder ${dir}. Close it first, or start this one with a different data folder.`,
    { reason: 'dataFolderInUse', folder: dir, ...(owner ? { pid: owner.pid } : {}) },
  );
}
