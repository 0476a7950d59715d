/**
 * What the services need from the desktop around them. Electron provides the
 * real ones (platform/electron.ts); the browser host and tests provide theirs.
 * Nothing here may import `electron`.
 */
export interface ShellPort {
  /** Opens an http(s) link in the user's browser; false when nothing could open it. */
  openExternal(url: string): Promise<boolean>;
}

export interface RuntimeInfo {
  host: 'electron' | 'browser';
  name: string;
  version: string;
  platform: string;
  versions: { node: string; electron?: string; chrome?: string };
}

/** The system clipboard (the services decide when to clear it). */
export interface ClipboardPort {
  // Electron's clipboard reads and writes asynchronously.
  readText(): string | Promise<string>;
  writeText(text: string): void | Promise<void>;
  clear(): void;
}

/**
 * Desktop notifications: the OS notification centre in Electron, a toast in
 * the browser host. Callers never put a key in the title or body.
 */
export interface NotifierPort {
  notify(title: string, body: string): void;
}
