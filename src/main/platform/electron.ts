import { app, BrowserWindow, clipboard, Notification, shell } from 'electron';
import { isExternalWebUrl } from '../security';
import type { ClipboardPort, NotifierPort, RuntimeInfo, ShellPort } from './ports';

/** The real desktop, as Electron provides it. */
export const electronShell: ShellPort = {
  async openExternal(url) {
    if (!isExternalWebUrl(url)) return false;
    await shell.openExternal(url);
    return true;
  },
};

export function electronRuntime(): RuntimeInfo {
  return {
    host: 'electron',
    name: app.getName(),
    version: app.getVersion(),
    platform: `${process.platform} ${process.arch}`,
    versions: { node: process.versions.node, electron: process.versions.electron, chrome: process.versions.chrome },
  };
}

export const electronClipboard: ClipboardPort = {
  readText: () => clipboard.readText(),
  writeText: (text) => clipboard.writeText(text),
  clear: () => clipboard.clear(),
};

/** OS notifications; clicking one brings the app window forward. Silently nothing where the OS has none. */
export const electronNotifier: NotifierPort = {
  notify(title, body) {
    if (!Notification.isSupported()) return;
    const n = new Notification({ title, body });
    n.on('click', () => {
      const [win] = BrowserWindow.getAllWindows();
      if (!win) return;
      if (win.isMinimized()) win.restore();
      win.focus();
    });
    n.show();
  },
};
