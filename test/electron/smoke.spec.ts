import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { BRIDGE_KEYS } from '../../src/shared/channels';

// Runs wherever an Electron binary is installed; here (no binary can be downloaded) it is skipped, loudly.
// Looks for the binary without require('electron'), which would try to download it.
function electronBinary(): string | null {
  try {
    const dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const relative = readFileSync(join(dir, 'path.txt'), 'utf8').trim();
    const base = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(dir, 'dist');
    const path = join(base, relative);
    return existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
if (!binary) {
  console.warn(
    '\n[electron smoke] SKIPPED: no Electron binary is installed on this machine (ELECTRON_SKIP_BINARY_DOWNLOAD). The browser-host tests cover the renderer and services.\n',
  );
}

test.describe('the Electron app', () => {
  test.skip(!binary, 'No Electron binary on this machine');

  test('starts, shows the shell, and answers app.info over real IPC', async () => {
    const app = await electron.launch({ args: ['.'], executablePath: binary! });
    const win = await app.firstWindow();
    await expect(win.getByRole('navigation')).toBeVisible();
    // Sandboxed, isolated page: no Node, only the contract.
    const page = await win.evaluate(() => {
      const w = globalThis as unknown as Record<string, unknown>;
      return { require: typeof w.require, process: typeof w.process, hub: Object.keys(w.hub as object).sort() };
    });
    expect(page).toEqual({ require: 'undefined', process: 'undefined', hub: BRIDGE_KEYS });
    await win.getByRole('link', { name: 'Settings' }).click();
    await expect(win.getByTestId('about')).toContainText('Desktop app');
    await app.close();
  });
});
