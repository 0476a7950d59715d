import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, protocol, session, type MenuItemConstructorOptions } from 'electron';
import { bindIpc } from './ipc';
import { appProtocolHandler } from './platform/app-protocol';
import { createElectronNotifier, electronClipboard, electronRuntime, electronShell } from './platform/electron';
import { systemNetworkResolver } from './platform/network';
import type { NotifierPort } from './platform/ports';
import { APP_ID, APP_SCHEME, cspFor, isTrustedSender, permissionAllowed, resolveAppUrl } from './security';
import { createServices, type Emit, type Services } from './services';
import { createFileLogger } from './services/logger';
import { useDispatcherResolver } from './services/hub/dispatchers';
import { DEFAULT_KEYCHAIN_SERVICE, KeytarStore, keychainWaitPolicy } from './services/keychain';
import type { SettingsService } from './services/settings/service';
import { describeStartupFailure, NoticeBoard, openSettingsStore } from './services/storage';
import { startUpdates } from './updates';
import { createMainWindow, WINDOW_BACKGROUND } from './window';

/** How this run was started: the packaged app, or a development run from the repository. */
export interface RunMode {
  packaged: boolean;
  /** What the window loads: app://renderer/index.html, or the loopback dev server. */
  appUrl: string;
  /** Origin of the dev server, when one is used (never when packaged). */
  devServer: string | null;
  keychainService: string;
}

/** Development runs keep their own data folder and keychain entries, never the installed app's. */
const DEV_SUFFIX = ' (dev)';

export function runMode(): RunMode {
  const packaged = app.isPackaged;
  const { appUrl, devServer } = resolveAppUrl({ packaged, rendererUrl: process.env.ELECTRON_RENDERER_URL });
  return { packaged, appUrl, devServer, keychainService: packaged ? DEFAULT_KEYCHAIN_SERVICE : DEFAULT_KEYCHAIN_SERVICE + DEV_SUFFIX };
}

export interface AppContext {
  mode: RunMode;
  services: Services;
  /** webContents ids of our windows: the only senders IPC and permissions trust. */
  windows: ReadonlySet<number>;
  /** Brings a window forward, opening one if there is none. */
  showWindow(): void;
  notifier: NotifierPort & { readonly live: number };
}

// Before `ready`: the privileged scheme the renderer is served from, the profile folder and the Windows identity.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
if (!app.isPackaged) app.setPath('userData', app.getPath('userData') + DEV_SUFFIX);
// Windows groups notifications under this id; it must match the installer's appId.
if (process.platform === 'win32') app.setAppUserModelId(APP_ID);

/** Resolves once the app has started (null when another instance owns the app, or start failed). */
export const started: Promise<AppContext | null> = main();

async function main(): Promise<AppContext | null> {
  // One app instance owns the keychain entries and the settings file.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  await app.whenReady();
  try {
    return start();
  } catch (e) {
    reportStartFailure(e);
    return null;
  }
}

function reportStartFailure(e: unknown): void {
  const { title, message } = describeStartupFailure(e);
  console.error(`${title}: ${message}`);
  dialog.showErrorBox(title, message);
  app.exit(1);
}

export function start(mode: RunMode = runMode()): AppContext {
  const notices = new NoticeBoard();
  // Atomic, owner-only and locked: a damaged or newer file is set aside or refused with a message.
  const store = openSettingsStore(app.getPath('userData'), notices);
  const windows = new Set<number>();
  const emit: Emit = (event, payload) => {
    for (const win of BrowserWindow.getAllWindows()) win.webContents.send(event, payload);
  };

  serveRenderer();
  useSystemNetwork();
  const notifier = createElectronNotifier(() => showWindow());
  const logger = createFileLogger({
    dir: join(app.getPath('userData'), 'logs'),
    ...(mode.packaged ? {} : { echo: (line: string) => console.warn(line) }),
  });
  const services = createServices({
    store,
    notices,
    dataDir: app.getPath('userData'),
    secrets: openKeychain(mode, emit),
    shell: electronShell,
    clipboard: electronClipboard,
    notifier,
    runtime: electronRuntime(),
    hygiene: { systemLanguages: () => app.getPreferredSystemLanguages() },
    emit,
    logger,
  });
  lockDownSession(mode, windows);
  bindIpc(ipcMain, services.dispatcher, (sender) => isTrustedSender(sender, windows, mode.appUrl));
  installMenu(mode);
  followTheme(services.settings);
  // Rotation reminders and unusual-activity alerts: a check shortly after start, then hourly.
  services.hygiene.start();
  // Installed builds only; never restarts under a key generation or a stream.
  void startUpdates({ isPackaged: mode.packaged, updates: services.updates, onError: (message) => logger.warn(message) });

  const open = () => {
    const win = createMainWindow({
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      appUrl: mode.appUrl,
      store,
      devTools: !mode.packaged,
      backgroundColor: windowBackground(),
    });
    const id = win.webContents.id;
    windows.add(id);
    win.on('closed', () => windows.delete(id));
    return win;
  };
  const showWindow = () => {
    const [win] = BrowserWindow.getAllWindows();
    if (!win) return void open();
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };
  open();

  app.on('second-instance', showWindow);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) open();
  });
  // Never leave a copied key behind on quit. A keychain call stuck on an OS
  // prompt would keep the process alive forever: force the exit then.
  app.on('will-quit', () => {
    services.dispose();
    if (services.stuckKeychainCalls() > 0) app.exit(0);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  return { mode, services, windows, showWindow, notifier };
}

/** app://renderer/… from the built renderer folder only. */
function serveRenderer(): void {
  protocol.handle(APP_SCHEME, appProtocolHandler(join(import.meta.dirname, '../renderer')));
}

/** Hub calls go through the system proxy (resolved per URL, as Chromium does) and trust the OS certificates. */
function useSystemNetwork(): void {
  useDispatcherResolver(systemNetworkResolver({ resolveProxy: (url) => session.defaultSession.resolveProxy(url) }));
}

/** With a display, a keychain prompt waits for the person (and the page says so); headless, it times out. */
function openKeychain(mode: RunMode, emit: Emit): KeytarStore {
  const policy = keychainWaitPolicy({ platform: process.platform, env: process.env });
  return new KeytarStore(mode.keychainService, {
    ...policy,
    onWaiting: (waiting) => emit('keychain.waiting', { waiting }),
  });
}

/** Only our window, on our origin, may write to the clipboard; nothing else is granted. CSP per response. */
function lockDownSession(mode: RunMode, windows: ReadonlySet<number>): void {
  const s = session.defaultSession;
  s.setPermissionRequestHandler((wc, permission, callback, details) => {
    callback(permissionAllowed(permission, { webContentsId: wc?.id, url: details.requestingUrl }, windows, mode.appUrl));
  });
  s.setPermissionCheckHandler((wc, permission, requestingOrigin, details) => {
    const url = details.requestingUrl ?? requestingOrigin;
    return permissionAllowed(permission, { webContentsId: wc?.id, url }, windows, mode.appUrl);
  });
  s.webRequest.onHeadersReceived((details, callback) => {
    const headers = Object.fromEntries(
      Object.entries(details.responseHeaders ?? {}).filter(([name]) => name.toLowerCase() !== 'content-security-policy'),
    );
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [cspFor(details.url, mode.devServer)] } });
  });
}

/** Production: no DevTools, no reload; the Edit roles keep copy and paste (and their shortcuts) working. */
export function productionMenuTemplate(platform: NodeJS.Platform): MenuItemConstructorOptions[] {
  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' as const }] : [{ role: 'fileMenu' as const }]),
    { role: 'editMenu' },
    { role: 'windowMenu' },
  ];
}

function installMenu(mode: RunMode): void {
  // Development keeps Electron's default menu, DevTools included.
  if (mode.packaged) Menu.setApplicationMenu(Menu.buildFromTemplate(productionMenuTemplate(process.platform)));
}

function windowBackground(): string {
  return nativeTheme.shouldUseDarkColors ? WINDOW_BACKGROUND.dark : WINDOW_BACKGROUND.light;
}

/** The native theme (menus, dialogs, the page's prefers-color-scheme) and the window background follow the setting. */
function followTheme(settings: SettingsService): void {
  const apply = () => {
    for (const win of BrowserWindow.getAllWindows()) win.setBackgroundColor(windowBackground());
  };
  nativeTheme.themeSource = settings.get().theme;
  settings.onChange((s) => {
    if (nativeTheme.themeSource !== s.theme) nativeTheme.themeSource = s.theme;
    apply();
  });
  nativeTheme.on('updated', apply);
}
