import { createHash } from 'node:crypto';
import type { Clipboard } from './ports';

/**
 * Puts a secret on the clipboard and takes it off again later — but only if the
 * clipboard still holds exactly what we wrote, so something the user copied
 * since is never wiped. A newer copy supersedes the older timer. Only a digest
 * of the text is kept, not the secret itself.
 */
export class ClipboardGuard {
  private pending: { timer: NodeJS.Timeout; digest: string } | null = null;

  constructor(private readonly clipboard: Clipboard) {}

  /** Writes `text`; resolves to when it will be cleared. */
  async copy(text: string, clearAfterMs: number): Promise<Date> {
    this.cancel();
    await this.clipboard.writeText(text);
    const digest = sha256(text);
    const timer = setTimeout(() => {
      if (this.pending?.timer === timer) this.pending = null;
      this.clearIfStillOurs(digest);
    }, clearAfterMs);
    timer.unref();
    this.pending = { timer, digest };
    return new Date(Date.now() + clearAfterMs);
  }

  /** On quit: clear now if the clipboard still holds our secret. */
  dispose(): void {
    const pending = this.pending;
    this.cancel();
    if (pending) this.clearIfStillOurs(pending.digest);
  }

  private cancel(): void {
    if (this.pending) clearTimeout(this.pending.timer);
    this.pending = null;
  }

  /** Synchronous when the clipboard reads synchronously, so dispose() can finish before exit. */
  private clearIfStillOurs(digest: string): void {
    const check = (current: string) => {
      if (sha256(current) === digest) this.clipboard.clear();
    };
    const current = this.clipboard.readText();
    if (typeof current === 'string') check(current);
    else current.then(check, () => undefined);
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
