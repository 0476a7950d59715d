import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { startWebHost, type WebHost } from '../../src/host/server';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';

/** Each test file gets a fresh browser host over the built renderer (`npm run build` first). */
export const test = base.extend<{ app: Page }, { host: WebHost }>({
  host: [
    async ({}, use) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'hub-e2e-'));
      const host = await startWebHost({ dataDir });
      await use(host);
      await host.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
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
