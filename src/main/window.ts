import { BrowserWindow, Menu, screen, shell, type ContextMenuParams, type MenuItemConstructorOptions } from 'electron';
import { isAppUrl, isExternalWebUrl, restoreBounds, secureWebPreferences } from './security';
import type { KeyValueStore } from './services/settings/store';

export interface WindowOptions {
  preload: string;
  /** app:// URL of the built renderer, or the loopback dev server URL. */
  appUrl: string;
  store: KeyValueStore;
  /** Development runs only. */
  devTools?: boolean;
  /** The page's background for the theme in use, so the window never flashes the other one. */
  backgroundColor?: string;
}

/** Page backgrounds of the two themes (styles.css --bg). */
export const WINDOW_BACKGROUND = { light: '#f6f7f9', dark: '#0f1115' } as const;

/** Saving on every resize event would write the settings file dozens of times a second. */
export const WINDOW_STATE_SAVE_DELAY_MS = 500;

/**
 * Cut/Copy/Paste where they make sense: in inputs, and on selected text (messages, code). Roles, so
 * Electron words them in the system language and they act on the focused page.
 */
export function contextMenuTemplate(
  params: Pick<ContextMenuParams, 'isEditable' | 'selectionText' | 'editFlags'>,
): MenuItemConstructorOptions[] {
  if (params.isEditable) {
    return [
      { role: 'cut', enabled: params.editFlags.canCut },
      { role: 'copy', enabled: params.editFlags.canCopy },
      { role: 'paste', enabled: params.editFlags.canPaste },
      { type: 'separator' },
      { role: 'selectAll' },
    ];
  }
  if (params.selectionText.trim().length > 0) return [{ role: 'copy' }];
  return [];
}

/** Creates the main window with the secure preferences and every navigation locked down. */
export function createMainWindow({
  preload,
  appUrl,
  store,
  devTools = false,
  backgroundColor = WINDOW_BACKGROUND.dark,
}: WindowOptions): BrowserWindow {
  const displays = screen.getAllDisplays().map((d) => d.workArea);
  const bounds = restoreBounds(store.get('windowState'), displays, { width: 1200, height: 800 });
  const win = new BrowserWindow({
    ...bounds,
    minWidth: 880,
    minHeight: 600,
    show: false,
    title: 'AIGNE Hub Desktop',
    backgroundColor,
    webPreferences: secureWebPreferences(preload, { devTools }),
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
  wc.on('context-menu', (_event, params) => {
    const template = contextMenuTemplate(params);
    if (template.length > 0) Menu.buildFromTemplate(template).popup({ window: win });
  });

  const save = () => {
    if (win.isDestroyed()) return;
    store.set('windowState', { ...win.getNormalBounds(), maximized: win.isMaximized() });
  };
  let pending: ReturnType<typeof setTimeout> | undefined;
  const saveSoon = () => {
    clearTimeout(pending);
    pending = setTimeout(save, WINDOW_STATE_SAVE_DELAY_MS);
  };
  win.on('resize', saveSoon);
  win.on('move', saveSoon);
  win.on('maximize', saveSoon);
  win.on('unmaximize', saveSoon);
  win.on('close', () => {
    clearTimeout(pending);
    save();
  });

  void win.loadURL(appUrl);
  return win;
}
