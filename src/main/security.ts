/**
 * Electron-free security decisions, so they can be tested in plain Node.
 */

/** The web preferences every app window is created with. */
export function secureWebPreferences(preload: string) {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  } as const;
}

/** Is this URL a page of our own renderer (file:// build or the dev server)? */
export function isAppUrl(url: string, appUrl: string): boolean {
  let a: URL, b: URL;
  try {
    a = new URL(url);
    b = new URL(appUrl);
  } catch {
    return false;
  }
  if (b.protocol === 'file:') return a.protocol === 'file:' && a.pathname === b.pathname;
  return a.origin === b.origin;
}

/** Only web links leave the app, and only to the system browser. */
export function isExternalWebUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

export interface SenderInfo {
  /** webContents id of the sender. */
  webContentsId: number;
  /** URL of the frame that sent the message, if Electron still knows it. */
  frameUrl: string | undefined;
}

/** A sender is trusted when it is one of our windows and its frame shows our renderer. */
export function isTrustedSender(sender: SenderInfo, ourWebContentsIds: ReadonlySet<number>, appUrl: string): boolean {
  return ourWebContentsIds.has(sender.webContentsId) && sender.frameUrl !== undefined && isAppUrl(sender.frameUrl, appUrl);
}

/** The renderer's Content-Security-Policy in the app: nothing remote, no inline script, no network. */
const CSP_DIRECTIVES = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
];
/** For a <meta> tag, where frame-ancestors is not allowed. */
export const APP_CSP_META = CSP_DIRECTIVES.join('; ');
/** For a response header. */
export const APP_CSP = [...CSP_DIRECTIVES, "frame-ancestors 'none'"].join('; ');

/** Keeps a remembered window rectangle only if it is sane and still visible on some display. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
export function restoreBounds(
  saved: unknown,
  displays: Rect[],
  fallback: { width: number; height: number },
): Partial<Rect> & { width: number; height: number } {
  if (typeof saved !== 'object' || saved === null) return fallback;
  const s = saved as Partial<Rect>;
  const ok = [s.x, s.y, s.width, s.height].every((n) => typeof n === 'number' && Number.isFinite(n));
  if (!ok) return fallback;
  const r = s as Rect;
  if (r.width < 640 || r.height < 480) return fallback;
  const visible = displays.some((d) => r.x < d.x + d.width - 64 && r.x + r.width > d.x + 64 && r.y >= d.y - 8 && r.y < d.y + d.height - 64);
  return visible ? r : { width: r.width, height: r.height };
}
