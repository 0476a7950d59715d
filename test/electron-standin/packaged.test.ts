import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_CHANNELS } from '../../src/shared/channels';
import type { IpcMainInvokeEvent, OnHeadersReceivedListenerDetails, WebContents } from 'electron';
import type { FakeElectron, FakeWindow } from './fake-electron';
import { loadBuiltMain, root, type StartedApp } from './load-main';

// The packaged app, as installed: the built main process under the recording Electron stand-in, with a real
// (throwaway) keychain. A dev server named in the environment must be ignored.
process.env.ELECTRON_RENDERER_URL = 'http://127.0.0.1:5173/';

/** Pinned: the production CSP may only ever get stricter, and then this test is updated on purpose. */
const PRODUCTION_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'none'; base-uri 'none'; form-action 'none'; object-src 'none'; frame-ancestors 'none'";
const APP_URL = 'app://renderer/index.html';

let fake: FakeElectron;
let app: StartedApp;
let win: FakeWindow;

beforeAll(async () => {
  ({ fake, app } = await loadBuiltMain({ packaged: true, osDark: true }));
  win = fake.recorded.windows[0]!;
});

function ipcEvent(senderId: number, frameUrl: string | null): IpcMainInvokeEvent {
  return { sender: { id: senderId }, senderFrame: frameUrl === null ? null : { url: frameUrl } } as unknown as IpcMainInvokeEvent;
}
function invoke(channel: string, payload?: unknown, from = ipcEvent(win.webContents.id, APP_URL)) {
  const handler = fake.recorded.invokeHandlers.get(channel);
  if (!handler) throw new Error(`${channel} is not bound`);
  return handler(from, payload) as Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>;
}
async function appRequest(url: string) {
  const handler = fake.recorded.schemes.handlers.get('app')!;
  return handler(new Request(url));
}
function csp(url: string, existing: Record<string, string[]> = {}) {
  let result: Record<string, string | string[]> | undefined;
  fake.recorded.headers.listener!(
    { url, responseHeaders: existing } as unknown as OnHeadersReceivedListenerDetails,
    (r) => (result = r.responseHeaders),
  );
  return result!;
}
const wc = (id: number) => ({ id, getURL: () => APP_URL }) as unknown as WebContents;

describe('the packaged app under the Electron stand-in', () => {
  it('opens one window with the secure preferences, no DevTools, on app:// (ignoring ELECTRON_RENDERER_URL)', () => {
    expect(fake.recorded.windows).toHaveLength(1);
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
    expect(existsSync(win.options.webPreferences!.preload!)).toBe(true);
    expect(win.loadedUrl).toBe(APP_URL);
    expect(app.mode).toMatchObject({ packaged: true, devServer: null, keychainService: 'AIGNE Hub Desktop' });
    // The installed app's own profile folder, not a development one.
    expect(fake.recorded.calls.filter(([what]) => what === 'app.setPath')).toEqual([]);
  });

  it('registers app:// as a privileged, standard, secure scheme before ready', () => {
    expect(fake.recorded.schemes.privileged).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
    expect(fake.recorded.schemes.handlers.has('app')).toBe(true);
    expect(fake.recorded.schemes.handlers.has('file')).toBe(false);
  });

  it('serves the built renderer over app:// with the pinned CSP, and nothing outside its folder', async () => {
    const index = await appRequest(APP_URL);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toBe(PRODUCTION_CSP);
    expect(await index.text()).toBe(readFileSync(join(root, 'out/renderer/index.html'), 'utf8'));
    const script = readFileSync(join(root, 'out/renderer/index.html'), 'utf8').match(/src="\.?\/?(assets\/[^"]+\.js)"/)![1]!;
    expect((await appRequest(`app://renderer/${script}`)).headers.get('content-type')).toMatch(/javascript/);

    const outside = [
      'app://renderer/..%2fmain%2findex.js', // encoded slash: decodes to ../main/index.js
      'app://renderer/%2e%2e%2fmain%2findex.js',
      'app://renderer/..%5cmain%5cindex.js', // backslashes
      'app://renderer/%2fetc%2fpasswd', // absolute
      `app://renderer/${encodeURIComponent(join(root, 'package.json'))}`,
      'app://renderer/%2e%2e%2f%2e%2e%2fpackage.json',
      'app://other/index.html', // another host of the scheme
    ];
    for (const url of outside) {
      const res = await appRequest(url);
      expect(res.status, url).not.toBe(200);
      expect(await res.text(), url).not.toMatch(/electron|root:|"name"/);
    }
  });

  it('binds every contract channel, and each refuses a foreign sender', async () => {
    expect([...fake.recorded.invokeHandlers.keys()].sort()).toEqual([...REQUEST_CHANNELS].sort());
    const foreign = [
      ipcEvent(win.webContents.id + 100, APP_URL), // not our window
      ipcEvent(win.webContents.id, 'https://evil.example/'), // our window, navigated away
      ipcEvent(win.webContents.id, 'app://evil/index.html'), // same scheme, other host
      ipcEvent(win.webContents.id, 'http://127.0.0.1:5173/'), // the ignored dev server
      ipcEvent(win.webContents.id, 'file:///index.html'),
      ipcEvent(win.webContents.id, null),
    ];
    for (const channel of REQUEST_CHANNELS) {
      for (const from of foreign) {
        const res = await invoke(channel, undefined, from);
        expect(res, `${channel} from ${from.senderFrame?.url}`).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } });
      }
    }
    expect(await invoke('app.info')).toMatchObject({ ok: true, value: { host: 'electron' } });
  });

  it('grants only clipboard-sanitized-write, only to our window on our origin', () => {
    const { request, check } = fake.recorded.permissions;
    const ask = (permission: string, id: number, url: string) =>
      new Promise<boolean>((done) => request!(wc(id), permission, done, { requestingUrl: url }));
    const ours = win.webContents.id;
    return Promise.all([
      expect(ask('clipboard-sanitized-write', ours, APP_URL)).resolves.toBe(true),
      expect(ask('clipboard-read', ours, APP_URL)).resolves.toBe(false),
      expect(ask('notifications', ours, APP_URL)).resolves.toBe(false),
      expect(ask('media', ours, APP_URL)).resolves.toBe(false),
      expect(ask('clipboard-sanitized-write', ours + 100, APP_URL)).resolves.toBe(false),
      expect(ask('clipboard-sanitized-write', ours, 'https://evil.example/')).resolves.toBe(false),
      (async () => {
        expect(check!(wc(ours), 'clipboard-sanitized-write', 'app://renderer', { requestingUrl: APP_URL })).toBe(true);
        expect(check!(wc(ours), 'clipboard-sanitized-write', 'app://renderer', {})).toBe(true);
        expect(check!(wc(ours), 'clipboard-read', 'app://renderer', { requestingUrl: APP_URL })).toBe(false);
        expect(check!(null, 'clipboard-sanitized-write', 'app://renderer', {})).toBe(false);
        expect(check!(wc(ours), 'clipboard-sanitized-write', 'https://evil.example', {})).toBe(false);
      })(),
    ]);
  });

  it('stamps the strict CSP on every response, replacing any other', () => {
    expect(csp(APP_URL)['Content-Security-Policy']).toEqual([PRODUCTION_CSP]);
    // Packaged: the dev server gets no relaxed policy either.
    expect(csp('http://127.0.0.1:5173/', { 'content-security-policy': ["script-src 'unsafe-inline'"] })).toEqual({
      'Content-Security-Policy': [PRODUCTION_CSP],
    });
  });

  it('installs a minimal menu: Edit roles, no DevTools or reload', () => {
    const [menu] = fake.recorded.menus.application;
    const roles = JSON.stringify(menu!.template);
    expect(roles).toContain('"editMenu"');
    expect(roles).not.toMatch(/toggleDevTools|viewMenu|reload|forceReload/);
  });

  it('offers Cut/Copy/Paste in inputs and Copy on selected text', () => {
    const flags = {
      canCut: true,
      canCopy: true,
      canPaste: true,
      canUndo: false,
      canRedo: false,
      canDelete: true,
      canSelectAll: true,
      canEditRichly: false,
    };
    win.webContents.emit('context-menu', {}, { isEditable: true, selectionText: '', editFlags: flags });
    win.webContents.emit('context-menu', {}, { isEditable: false, selectionText: 'an answer', editFlags: flags });
    win.webContents.emit('context-menu', {}, { isEditable: false, selectionText: '', editFlags: flags });
    const [input, message, ...rest] = fake.recorded.menus.popups;
    expect(input!.map((i) => i.role)).toEqual(expect.arrayContaining(['cut', 'copy', 'paste']));
    expect(message!.map((i) => i.role)).toEqual(['copy']);
    expect(rest).toEqual([]);
  });

  it('follows the theme: dark background on a dark OS, nativeTheme.themeSource from the setting', async () => {
    const theme = fake.electron.nativeTheme;
    expect(win.options.backgroundColor).toBe('#0f1115');
    expect(theme.themeSource).toBe('system');
    expect(await invoke('settings.update', { theme: 'light' })).toMatchObject({ ok: true });
    expect(theme.themeSource).toBe('light');
    expect(win.backgroundColors.at(-1)).toBe('#f6f7f9');
    await invoke('settings.update', { theme: 'system' });
    expect(win.backgroundColors.at(-1)).toBe('#0f1115');
  });

  it('saves the window state after a burst of resizes, and at once on close', async () => {
    const settingsFile = join(fake.recorded.paths.userData!, 'settings.json');
    const saved = () => (JSON.parse(readFileSync(settingsFile, 'utf8')) as { windowState?: { width: number } }).windowState;
    win.bounds = { x: 10, y: 20, width: 1300, height: 820 };
    for (let i = 0; i < 20; i++) win.emit('resize');
    expect(saved()?.width).not.toBe(1300); // not on every event
    await expect.poll(() => saved()?.width, { timeout: 5_000 }).toBe(1300);
    win.bounds = { x: 10, y: 20, width: 1400, height: 820 };
    win.emit('resize');
    win.close();
    expect(saved()?.width).toBe(1400);
    // Owner-only, like every file the app writes.
    expect(statSync(settingsFile).mode & 0o777).toBe(0o600);
  });

  it('a notification stays referenced until clicked, and the click opens a window when none is left', () => {
    expect(fake.recorded.windows.every((w) => w.destroyed)).toBe(true);
    app.notifier.notify('Rotation due', 'One key is due for rotation.');
    expect(app.notifier.live).toBe(1);
    const [shown] = fake.recorded.notifications;
    expect(shown!.options).toMatchObject({ title: 'Rotation due' });
    shown!.emit('click');
    expect(app.notifier.live).toBe(0);
    const opened = fake.recorded.windows.at(-1)!;
    expect(opened.destroyed).toBe(false);
    expect(opened.loadedUrl).toBe(APP_URL);
    win = opened;
  });

  it('a notification click focuses the open window', () => {
    win.minimized = true;
    win.focused = false;
    app.notifier.notify('Unusual activity', 'A key made more calls than usual.');
    fake.recorded.notifications.at(-1)!.emit('click');
    expect(fake.recorded.windows.filter((w) => !w.destroyed)).toHaveLength(1);
    expect(win.minimized).toBe(false);
    expect(win.focused).toBe(true);
  });

  it('sends hub calls through the system proxy, resolved per URL, and names a proxy it cannot use', async () => {
    fake.recorded.proxy.rules = 'SOCKS5 127.0.0.1:1080';
    const res = await invoke('hubs.add', { url: 'https://hub.example.test/' });
    expect(res).toMatchObject({ ok: false, error: { code: 'HUB_UNREACHABLE', detail: { reason: 'unsupportedProxy' } } });
    const asked = fake.recorded.calls.filter(([what]) => what === 'session.resolveProxy').map(([, url]) => String(url));
    expect(asked.some((url) => url.startsWith('https://hub.example.test/'))).toBe(true);
    fake.recorded.proxy.rules = 'DIRECT';
  });

  it('answers keychain.health through the bound handler, against the real keychain', async () => {
    const res = await invoke('keychain.health');
    expect(res).toMatchObject({ ok: true, value: { ok: true, tier: 'os-keychain' } });
  });
});
