import type { IpcMainInvokeEvent, OnHeadersReceivedListenerDetails } from 'electron';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FakeElectron } from './fake-electron';
import { loadBuiltMain, type StartedApp } from './load-main';

// `npm run dev`: not packaged, the renderer from electron-vite's loopback dev server.
const DEV = 'http://localhost:5173/';
process.env.ELECTRON_RENDERER_URL = DEV;

let fake: FakeElectron;
let app: StartedApp;

beforeAll(async () => {
  ({ fake, app } = await loadBuiltMain({ packaged: false, osDark: false }));
});

function csp(url: string): string {
  let result: Record<string, string | string[]> | undefined;
  fake.recorded.headers.listener!(
    { url, responseHeaders: {} } as unknown as OnHeadersReceivedListenerDetails,
    (r) => (result = r.responseHeaders),
  );
  return String(result!['Content-Security-Policy']);
}

describe('a development run under the Electron stand-in', () => {
  it('loads the loopback dev server, with DevTools and the default menu', () => {
    const [win] = fake.recorded.windows;
    expect(win!.loadedUrl).toBe(DEV);
    expect(win!.options.webPreferences).toMatchObject({ devTools: true, contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(fake.recorded.menus.application).toEqual([]);
    // A light OS: no dark flash while the page loads.
    expect(win!.options.backgroundColor).toBe('#f6f7f9');
  });

  it('uses its own data folder (set before ready) and keychain entry, never the installed app’s', () => {
    const setPath = fake.recorded.calls.find(([what]) => what === 'app.setPath');
    expect(setPath?.[1]).toEqual({ name: 'userData', path: `${fake.recorded.paths.appData}/AIGNE Hub Desktop (dev)` });
    expect(fake.recorded.calls.findIndex(([what]) => what === 'app.setPath')).toBeLessThan(
      fake.recorded.calls.findIndex(([what]) => what === 'app.whenReady'),
    );
    expect(app.mode.keychainService).toBe('AIGNE Hub Desktop (dev)');
  });

  it('relaxes the CSP for the dev server only: its inline preamble, injected styles and HMR socket', () => {
    const dev = csp(`${DEV}src/main.tsx`);
    expect(dev).toContain("script-src 'self' 'unsafe-inline'");
    expect(dev).toContain("style-src 'self' 'unsafe-inline'");
    expect(dev).toContain('connect-src ' + "'self' ws://localhost:5173");
    expect(dev).not.toMatch(/unsafe-eval|\*/);
    expect(csp('app://renderer/index.html')).toContain("script-src 'self';");
    expect(csp('http://localhost:5174/')).not.toContain('unsafe-inline');
  });

  it('trusts IPC from the dev server origin only', async () => {
    const win = fake.recorded.windows[0]!;
    const call = (url: string) =>
      fake.recorded.invokeHandlers.get('app.info')!({
        sender: { id: win.webContents.id },
        senderFrame: { url },
      } as unknown as IpcMainInvokeEvent);
    expect(await call(`${DEV}#/keys`)).toMatchObject({ ok: true });
    expect(await call('http://localhost:5174/')).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } });
    expect(await call('app://renderer/index.html')).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } });
  });
});
