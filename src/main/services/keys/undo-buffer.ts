import { randomUUID } from 'node:crypto';

/**
 * Holds something just deleted for a short while so the user can undo, then
 * drops it. Used to keep a forgotten key's secret in memory only (never on disk)
 * for the undo window.
 */
export class UndoBuffer<T> {
  private readonly entries = new Map<string, { value: T; timer: NodeJS.Timeout }>();

  stash(value: T, ttlMs: number): { token: string; expiresAt: Date } {
    const token = randomUUID();
    const timer = setTimeout(() => this.entries.delete(token), ttlMs);
    timer.unref();
    this.entries.set(token, { value, timer });
    return { token, expiresAt: new Date(Date.now() + ttlMs) };
  }

  /** The stashed value, once; undefined when unknown or expired. */
  take(token: string): T | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    clearTimeout(entry.timer);
    this.entries.delete(token);
    return entry.value;
  }

  get size(): number {
    return this.entries.size;
  }

  dispose(): void {
    for (const { timer } of this.entries.values()) clearTimeout(timer);
    this.entries.clear();
  }
}
