import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { startSandboxHub, type SandboxHub } from '../../sandbox-hub';
import { startWebHost, type WebHost } from '../../src/host/server';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';

/**
 * Each worker gets a fresh browser host over the built renderer (`npm run build`
 * first); each test its own sandbox hub. The host keeps keys in the real keychain of
 * the test session (scripts/with-keyring.sh).
 */
export const test = base.extend<{ app: Page; sandbox: SandboxHub }, { host: WebHost; dataDir: string }>({
  dataDir: [
    async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'hub-e2e-'));
      await use(dir);
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  host: [
    async ({ dataDir }, use) => {
      const host = await startWebHost({ dataDir, services: { keys: { pollIntervalMs: 200 } } });
      await use(host);
      await host.close();
    },
    { scope: 'worker' },
  ],
  // A fresh hub per test (it starts in milliseconds), so tests never see each other's keys.
  sandbox: async ({}, use) => {
    const hub = await startSandboxHub({ port: 0 });
    await use(hub);
    await hub.close();
  },
  app: async ({ page, host }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // Tests share a host per worker: start each from the same settings.
    host.services.settings.update({ ...DEFAULT_SETTINGS, language: 'en', theme: 'light' });
    await page.goto(host.url);
    await expect(page.getByRole('navigation')).toBeVisible();
    await use(page);
    expect(errors, 'uncaught errors in the page').toEqual([]);
  },
});

export { expect };
