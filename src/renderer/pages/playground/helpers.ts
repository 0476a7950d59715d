import { HubCallError } from '../../../shared/client';
import type { ErrorValue } from '../../../shared/errors';

/** A random id for streams and messages (a UUID where the page is a secure context). */
export function newId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/** Anything a call threw, as the `{code, message, detail}` value the error notices render. */
export function toErrorValue(error: unknown): ErrorValue {
  if (error instanceof HubCallError) {
    return error.detail === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, detail: error.detail };
  }
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

/** Saves text or bytes as a file through the browser's download (the page has no file system). */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Copies text; resolves false (never rejects) when the clipboard refused. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** True when an element that takes typing (or an open dialog) has the keyboard. */
export function dialogOpen(): boolean {
  return document.querySelector('dialog[open]') !== null;
}

export const IS_MAC = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform);
/** How a shortcut is written in tooltips: ⌘K on macOS, Ctrl+K elsewhere. */
export function shortcut(keys: string, options: { shift?: boolean } = {}): string {
  if (IS_MAC) return `${options.shift ? '⇧' : ''}⌘${keys}`;
  return `Ctrl+${options.shift ? 'Shift+' : ''}${keys}`;
}
/** Ctrl on Windows/Linux, ⌘ on macOS. */
export function modKey(e: { ctrlKey: boolean; metaKey: boolean }): boolean {
  return IS_MAC ? e.metaKey : e.ctrlKey;
}
