/**
 * Electron-free security decisions, so they can be tested in plain Node.
 */

/** The app's own scheme: the built renderer is served from app://renderer/, never from file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;
/** The packager's appId: Windows groups notifications and taskbar entries under it. */
export const APP_ID = 'io.aigne.hub.desktop';

/** The web preferences every app window is created with. DevTools only in development. */
export function secureWebPreferences(preload: string, options: { devTools?: boolean } = {}) {
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
    devTools: options.devTools ?? false,
  } as const;
}

/**
 * scheme://host[:port] of a URL, or null. Why not URL.origin: for a custom scheme such as app:// the
 * WHATWG origin is the opaque "null", which every other custom-scheme page would share.
 */
export function originOf(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol === 'http:' || u.protocol === 'https:') return u.origin;
  if (u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST) return APP_ORIGIN;
  return null;
}

/** Is this URL a page of our own renderer (app:// build or the dev server)? Compares origins exactly. */
export function isAppUrl(url: string, appUrl: string): boolean {
  const a = originOf(url);
  return a !== null && a === originOf(appUrl);
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

/** A sender is trusted when it is one of our windows and its frame shows our renderer's origin. */
export function isTrustedSender(sender: SenderInfo, ourWebContentsIds: ReadonlySet<number>, appUrl: string): boolean {
  return ourWebContentsIds.has(sender.webContentsId) && sender.frameUrl !== undefined && isAppUrl(sender.frameUrl, appUrl);
}

/** Loopback hosts a development server may listen on. */
function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * Which page the window loads. A packaged app always loads its own build; a development run accepts
 * ELECTRON_RENDERER_URL only for a loopback http server (any page named there would become trusted).
 */
export function resolveAppUrl(env: { packaged: boolean; rendererUrl: string | undefined }): { appUrl: string; devServer: string | null } {
  if (!env.packaged && env.rendererUrl) {
    try {
      const u = new URL(env.rendererUrl);
      if (u.protocol === 'http:' && isLoopbackHost(u.hostname)) return { appUrl: u.href, devServer: u.origin };
    } catch {
      // fall through to the build
    }
  }
  return { appUrl: APP_INDEX_URL, devServer: null };
}

/** The only permission the page ever gets: writing to the clipboard from its own Copy buttons. */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** Grants a permission only to our own window, only for our own origin, and only from the allow-list. */
export function permissionAllowed(
  permission: string,
  request: { webContentsId: number | undefined; url: string | undefined },
  ourWebContentsIds: ReadonlySet<number>,
  appUrl: string,
): boolean {
  return (
    ALLOWED_PERMISSIONS.has(permission) &&
    request.webContentsId !== undefined &&
    ourWebContentsIds.has(request.webContentsId) &&
    request.url !== undefined &&
    isAppUrl(request.url, appUrl)
  );
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

/**
 * What Vite's dev server needs and nothing more: its React Refresh preamble (inline script), injected
 * styles, and the HMR socket on the same loopback server. Only ever used for an unpackaged run.
 */
export function devCsp(devServer: string): string {
  const ws = devServer.replace(/^http:/, 'ws:');
  return [
    "default-src 'none'",
    `script-src 'self' 'unsafe-inline'`,
    `style-src 'self' 'unsafe-inline'`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ${ws}`,
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The CSP header for one response: relaxed only for the loopback dev server of an unpackaged run. */
export function cspFor(url: string, devServer: string | null): string {
  if (devServer !== null && originOf(url) === devServer) return devCsp(devServer);
  return APP_CSP;
}

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
