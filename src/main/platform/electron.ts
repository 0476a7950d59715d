import { app, clipboard, Notification, shell } from 'electron';
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

/**
 * OS notifications. Each one is kept referenced until it is clicked or closed: a garbage-collected
 * Notification loses its click handler. A click brings the app window forward, opening one if there is none
 * (macOS keeps running without windows). Silently nothing where the OS has no notifications.
 */
export function createElectronNotifier(showWindow: () => void): NotifierPort & { readonly live: number } {
  const live = new Set<Notification>();
  return {
    get live() {
      return live.size;
    },
    notify(title, body) {
      if (!Notification.isSupported()) return;
      const n = new Notification({ title, body });
      live.add(n);
      const release = () => live.delete(n);
      n.on('click', () => {
        release();
        showWindow();
      });
      n.on('close', release);
      n.on('failed', release);
      n.show();
    },
  };
}
