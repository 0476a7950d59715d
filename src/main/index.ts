import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, session } from 'electron';
import { bindIpc } from './ipc';
import { electronClipboard, electronNotifier, electronRuntime, electronShell } from './platform/electron';
import { APP_CSP, isTrustedSender } from './security';
import { createServices } from './services';
import { createMainWindow } from './window';
import { describeStartupFailure, NoticeBoard, openSettingsStore } from './services/storage';

// One app instance owns the keychain entries and the settings file.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app
    .whenReady()
    .then(start)
    .catch((e: unknown) => {
      const { title, message } = describeStartupFailure(e);
      console.error(`${title}: ${message}`);
      dialog.showErrorBox(title, message);
      app.exit(1);
    });
}

function start(): void {
  const appUrl = process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(join(import.meta.dirname, '../renderer/index.html')).href;
  const notices = new NoticeBoard();
  const store = openSettingsStore(app.getPath('userData'), notices);
  const windows = new Set<number>();

  const services = createServices({
    store,
    notices,
    dataDir: app.getPath('userData'),
    shell: electronShell,
    clipboard: electronClipboard,
    notifier: electronNotifier,
    runtime: electronRuntime(),
    hygiene: { systemLanguages: () => app.getPreferredSystemLanguages() },
    emit: (event, payload) => {
      for (const win of BrowserWindow.getAllWindows()) win.webContents.send(event, payload);
    },
    onError: ({ channel, code }) => console.warn(`[ipc] ${channel} failed: ${code}`),
  });

  // Nothing the renderer asks for (camera, notifications, ...) is granted.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [APP_CSP] } });
  });

  bindIpc(ipcMain, services.dispatcher, (sender) => isTrustedSender(sender, windows, appUrl));
  // Rotation reminders and unusual-activity alerts: a check shortly after start, then hourly.
  services.hygiene.start();

  const open = () => {
    const win = createMainWindow({ preload: join(import.meta.dirname, '../preload/index.cjs'), appUrl, store });
    const id = win.webContents.id;
    windows.add(id);
    win.on('closed', () => windows.delete(id));
    return win;
  };
  open();

  app.on('second-instance', () => {
    const [win] = BrowserWindow.getAllWindows();
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
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
}
