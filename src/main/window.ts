import { BrowserWindow, screen, shell } from 'electron';
import { isAppUrl, isExternalWebUrl, restoreBounds, secureWebPreferences } from './security';
import type { KeyValueStore } from './services/settings/store';

export interface WindowOptions {
  preload: string;
  /** file:// URL of the built renderer, or the dev server URL. */
  appUrl: string;
  store: KeyValueStore;
}

/** Creates the main window with the secure preferences and every navigation locked down. */
export function createMainWindow({ preload, appUrl, store }: WindowOptions): BrowserWindow {
  const displays = screen.getAllDisplays().map((d) => d.workArea);
  const bounds = restoreBounds(store.get('windowState'), displays, { width: 1200, height: 800 });
  const win = new BrowserWindow({
    ...bounds,
    minWidth: 880,
    minHeight: 600,
    show: false,
    title: 'AIGNE Hub Desktop',
    backgroundColor: '#0f1115',
    webPreferences: secureWebPreferences(preload),
  });
  const wasMaximized = (store.get('windowState') as { maximized?: boolean } | undefined)?.maximized === true;
  win.once('ready-to-show', () => {
    if (wasMaximized) win.maximize();
    win.show();
  });

  const wc = win.webContents;
  wc.on('will-navigate', (event, url) => {
    if (isAppUrl(url, appUrl)) return;
    event.preventDefault();
    if (isExternalWebUrl(url)) void shell.openExternal(url);
  });
  wc.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, appUrl)) event.preventDefault();
  });
  wc.setWindowOpenHandler(({ url }) => {
    if (isExternalWebUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  wc.on('will-attach-webview', (event) => event.preventDefault());

  const save = () => {
    if (win.isDestroyed()) return;
    store.set('windowState', { ...win.getNormalBounds(), maximized: win.isMaximized() });
  };
  win.on('resized', save);
  win.on('moved', save);
  win.on('close', save);

  void win.loadURL(appUrl);
  return win;
}
