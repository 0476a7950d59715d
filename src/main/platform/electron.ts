import { app, clipboard, shell } from 'electron';
import { isExternalWebUrl } from '../security';
import type { ClipboardPort, RuntimeInfo, ShellPort } from './ports';

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
