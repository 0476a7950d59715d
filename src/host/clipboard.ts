import type { ClipboardPort } from '../main/platform/ports';

/**
 * The browser host's clipboard: it lives in the host process, like Electron's
 * does in main, so the page never holds a copied key. Tests read it to check
 * what was copied and when it was cleared.
 */
export class MemoryClipboard implements ClipboardPort {
  private text = '';
  readText(): string {
    return this.text;
  }
  writeText(text: string): void {
    this.text = text;
  }
  clear(): void {
    this.text = '';
  }
}
