import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { startWebHost } from '../../src/host/server';
import type { UpdaterLike } from '../../src/main/services/updates';

test.describe('updates in Settings', () => {
  test('the browser host says updates are not available here, in English and Chinese', async ({ app, host }) => {
    await app.getByRole('link', { name: 'Settings' }).click();
    const section = app.getByTestId('updates');
    await expect(section).toContainText('Updates are not available in the browser host');
    await expect(section).toContainText('0.1.0');
    await expect(section.getByRole('button')).toHaveCount(0);

    host.services.settings.update({ language: 'zh-CN' });
    await expect(section).toContainText('浏览器宿主中无法更新');
    await expect(section.getByRole('heading')).toHaveText('更新');
  });

  test('the check on start can be turned off, and stays off after a reload', async ({ app, host }) => {
    await app.getByRole('link', { name: 'Settings' }).click();
    const box = app.getByRole('checkbox', { name: 'Check for updates when the app starts' });
    await expect(box).toBeChecked();
    await box.uncheck();
    await expect.poll(() => host.services.settings.get().checkForUpdatesOnStart).toBe(false);
    await app.reload();
    await app.getByRole('link', { name: 'Settings' }).click();
    await expect(app.getByRole('checkbox', { name: 'Check for updates when the app starts' })).not.toBeChecked();
  });

  test('with an updater: the download shows its progress, then restarts into the update on request', async ({ page }) => {
    // Its own host: the updater attached here must not leak into other tests.
    const dataDir = mkdtempSync(join(tmpdir(), 'hub-e2e-updates-'));
    const host = await startWebHost({ dataDir });
    try {
      const updater = Object.assign(new EventEmitter(), {
        autoDownload: true,
        autoInstallOnAppQuit: false,
        checkForUpdates: async () => {
          updater.emit('update-available', { version: '0.2.0' });
          return {};
        },
        downloadUpdate: () => new Promise<unknown>(() => undefined),
        installs: 0,
        quitAndInstall() {
          this.installs++;
        },
      });
      host.services.updates.attach(updater as unknown as UpdaterLike);
      host.services.settings.update({ language: 'en', theme: 'light' });
      await page.goto(host.url);
      await page.getByRole('link', { name: 'Settings' }).click();
      const section = page.getByTestId('updates');
      await expect(section).toContainText('No check yet.');

      await section.getByRole('button', { name: 'Check now' }).click();
      await expect(section).toContainText('Downloading version 0.2.0: 0%');
      updater.emit('download-progress', { percent: 42.5, transferred: 42.5 * 1024 * 1024, total: 100 * 1024 * 1024, bytesPerSecond: 1 });
      await expect(section).toContainText('Downloading version 0.2.0: 42%');
      await expect(section).toContainText('42.5 of 100.0 MB');
      await expect(section.getByRole('progressbar', { name: 'Update download' })).toHaveAttribute('value', '42');
      await page.screenshot({ path: '.tmp/screens/settings-updates-downloading.png' });

      updater.emit('update-downloaded', { version: '0.2.0' });
      await expect(section).toContainText('Version 0.2.0 is ready. It installs when you quit the app.');
      await section.getByRole('button', { name: 'Restart and install' }).click();
      expect(updater.installs).toBe(1);
    } finally {
      await host.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
