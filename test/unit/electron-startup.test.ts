import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

// A stand-in for the Electron runtime (the only thing tests mock): enough for src/main/index.ts to start.
const userData = mkdtempSync(join(tmpdir(), 'hub-electron-start-'));
const showErrorBox = vi.fn();
const exit = vi.fn();
let ready: Promise<void> = Promise.resolve();

vi.mock('electron', () => {
  class FakeWindow {
    static getAllWindows = () => [];
  }
  const app = {
    requestSingleInstanceLock: () => true,
    whenReady: () => ready,
    getPath: () => userData,
    getPreferredSystemLanguages: () => ['en-US'],
    getVersion: () => '0.1.0',
    getName: () => 'AIGNE Hub Desktop',
    isPackaged: true,
    setPath: vi.fn(),
    setAppUserModelId: vi.fn(),
    on: vi.fn(),
    quit: vi.fn(),
    exit,
  };
  const session = {
    defaultSession: {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      webRequest: { onHeadersReceived: vi.fn() },
      resolveProxy: async () => 'DIRECT',
    },
  };
  return {
    app,
    BrowserWindow: FakeWindow,
    dialog: { showErrorBox },
    ipcMain: { handle: vi.fn() },
    session,
    clipboard: { readText: () => '', writeText: vi.fn(), clear: vi.fn() },
    Notification: class {},
    shell: { openExternal: vi.fn() },
    screen: { getAllDisplays: () => [] },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    Menu: { setApplicationMenu: vi.fn(), buildFromTemplate: vi.fn(() => ({ popup: vi.fn() })) },
    nativeTheme: { on: vi.fn(), shouldUseDarkColors: false, themeSource: 'system' },
  };
});

afterEach(() => {
  rmSync(userData, { recursive: true, force: true });
});

describe('the Electron app at start', () => {
  it('shows a dialog with a clear message, not a silent exit, when the settings file is from a newer version', async () => {
    const body = JSON.stringify({ schemaVersion: 999, settings: {} });
    writeFileSync(join(userData, 'settings.json'), body);
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    ready = Promise.resolve();
    await import('../../src/main/index');
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(1));
    expect(showErrorBox).toHaveBeenCalledTimes(1);
    const [title, message] = showErrorBox.mock.calls[0] as [string, string];
    expect(title).toBe('AIGNE Hub Desktop could not start');
    expect(message).toMatch(/written by a newer version of the app/);
    expect(message).toMatch(/Install the newer version again, or move the file away/);
    // The file is left as it was.
    expect(readFileSync(join(userData, 'settings.json'), 'utf8')).toBe(body);
  });
});
