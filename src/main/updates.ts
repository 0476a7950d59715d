import type { UpdaterLike, UpdatesService } from './services/updates';

export interface StartUpdatesOptions {
  /** `app.isPackaged`: development runs and unpacked builds never update themselves. */
  isPackaged: boolean;
  updates: UpdatesService;
  /** Where electron-updater comes from; tests pass a stand-in. */
  loadUpdater?: () => Promise<UpdaterLike>;
  onError?: (message: string) => void;
}

/**
 * The Electron side of updates: loads electron-updater (only in the installed
 * app, and only now, so loading main never requires it), hands its
 * `autoUpdater` to the service and runs the check on start.
 */
export async function startUpdates(options: StartUpdatesOptions): Promise<void> {
  if (!options.isPackaged) return;
  try {
    const updater = await (options.loadUpdater ?? loadElectronUpdater)();
    options.updates.attach(updater);
    options.updates.start();
  } catch (e) {
    // The app works without updates; say so in the log and leave the status "unavailable".
    options.onError?.(`Updates are off: ${e instanceof Error ? e.message : 'electron-updater could not be loaded'}`);
  }
}

async function loadElectronUpdater(): Promise<UpdaterLike> {
  // CommonJS package: its exports arrive on the namespace or on `default`, depending on the loader.
  const mod = (await import('electron-updater')) as unknown as { autoUpdater?: UpdaterLike; default?: { autoUpdater?: UpdaterLike } };
  const updater = mod.autoUpdater ?? mod.default?.autoUpdater;
  if (!updater) throw new Error('electron-updater has no autoUpdater');
  return updater;
}
