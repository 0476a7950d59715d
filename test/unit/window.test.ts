import { beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryStore } from '../../src/main/services/settings/store';

// Electron cannot run here: stand in for the few pieces createMainWindow touches.
const created: { options: Record<string, unknown>; wc: FakeWebContents; win: FakeWindow }[] = [];
const openExternal = vi.fn(async () => undefined);

class FakeWebContents {
  listeners = new Map<string, (...args: unknown[]) => void>();
  openHandler: ((d: { url: string }) => { action: string }) | null = null;
  on(event: string, fn: (...args: unknown[]) => void) {
    this.listeners.set(event, fn);
    return this;
  }
  setWindowOpenHandler(fn: (d: { url: string }) => { action: string }) {
    this.openHandler = fn;
  }
}
class FakeWindow {
  webContents = new FakeWebContents();
  handlers = new Map<string, () => void>();
  loaded: string | null = null;
  constructor(options: Record<string, unknown>) {
    created.push({ options, wc: this.webContents, win: this });
  }
  once(e: string, fn: () => void) {
    this.handlers.set(e, fn);
  }
  on(e: string, fn: () => void) {
    this.handlers.set(e, fn);
  }
  loadURL(url: string) {
    this.loaded = url;
    return Promise.resolve();
  }
  isDestroyed() {
    return false;
  }
  isMaximized() {
    return false;
  }
  getNormalBounds() {
    return { x: 40, y: 30, width: 1000, height: 700 };
  }
  maximize() {}
  show() {}
}

vi.mock('electron', () => ({
  BrowserWindow: FakeWindow,
  shell: { openExternal },
  Menu: { buildFromTemplate: () => ({ popup: () => undefined }) },
  screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
}));

const APP_URL = 'app://renderer/index.html';

describe('the main window', () => {
  beforeEach(() => {
    created.length = 0;
    openExternal.mockClear();
  });

  it('is created with the secure web preferences', async () => {
    const { createMainWindow } = await import('../../src/main/window');
    createMainWindow({ preload: '/app/out/preload/index.cjs', appUrl: APP_URL, store: memoryStore() });
    const prefs = created[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/out/preload/index.cjs',
    });
    expect(created[0]!.win.loaded).toBe(APP_URL);
  });

  it('blocks navigation away from the app and sends web links to the system browser only', async () => {
    const { createMainWindow } = await import('../../src/main/window');
    createMainWindow({ preload: 'p', appUrl: APP_URL, store: memoryStore() });
    const wc = created[0]!.wc;
    const navigate = wc.listeners.get('will-navigate')!;

    const away = { preventDefault: vi.fn() };
    navigate(away, 'https://hub.aigne.io/');
    expect(away.preventDefault).toHaveBeenCalled();
    expect(openExternal).toHaveBeenCalledWith('https://hub.aigne.io/');

    const local = { preventDefault: vi.fn() };
    navigate(local, 'file:///etc/passwd');
    expect(local.preventDefault).toHaveBeenCalled();
    expect(openExternal).toHaveBeenCalledTimes(1);

    const inApp = { preventDefault: vi.fn() };
    navigate(inApp, `${APP_URL}#/usage`);
    expect(inApp.preventDefault).not.toHaveBeenCalled();

    expect(wc.openHandler!({ url: 'https://example.com/docs' })).toEqual({ action: 'deny' });
    expect(wc.openHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledTimes(2);

    const webview = { preventDefault: vi.fn() };
    wc.listeners.get('will-attach-webview')!(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('remembers its size and position, and restores them when still on screen', async () => {
    const { createMainWindow } = await import('../../src/main/window');
    const store = memoryStore();
    createMainWindow({ preload: 'p', appUrl: APP_URL, store });
    created[0]!.win.handlers.get('close')!();
    expect(store.get('windowState')).toEqual({ x: 40, y: 30, width: 1000, height: 700, maximized: false });

    createMainWindow({ preload: 'p', appUrl: APP_URL, store });
    expect(created[1]!.options).toMatchObject({ x: 40, y: 30, width: 1000, height: 700 });

    store.set('windowState', { x: 5000, y: 4000, width: 1000, height: 700 });
    createMainWindow({ preload: 'p', appUrl: APP_URL, store });
    expect(created[2]!.options.x).toBeUndefined();
    expect(created[2]!.options.width).toBe(1000);
  });
});
