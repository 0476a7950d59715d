import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandboxHub } from '../../sandbox-hub';
import { startWebHost } from '../../src/host/server';
import { KeytarStore, type KeytarLike } from '../../src/main/services/keychain';
import { expect, test } from './fixtures';

// The OS keychain as a Linux desktop without a Secret Service provider presents it:
// the exact libsecret message, run through the app's real classification.
const noSecretService: KeytarLike = {
  getPassword: () => Promise.reject(new Error('The name org.freedesktop.secrets was not provided by any .service files')),
  setPassword: () => Promise.reject(new Error('The name org.freedesktop.secrets was not provided by any .service files')),
  deletePassword: () => Promise.reject(new Error('The name org.freedesktop.secrets was not provided by any .service files')),
  findCredentials: () => Promise.reject(new Error('The name org.freedesktop.secrets was not provided by any .service files')),
};

test('without a usable keychain, the user can opt into a passphrase vault; keys survive a restart and never hit disk in clear', async ({
  page,
}) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-vault-'));
  const sandbox = await startSandboxHub();
  const startHost = () =>
    startWebHost({ dataDir, services: { secrets: new KeytarStore('AIGNE Hub Desktop', { keytar: noSecretService }) } });
  let host = await startHost();
  try {
    await page.goto(host.url);
    const banner = page.getByTestId('keychain-status');
    await expect(banner).toContainText('Keys cannot be stored right now');
    await expect(banner).toContainText(/GNOME Keyring|KWallet/);

    await banner.getByRole('button', { name: 'Use an encrypted vault file instead' }).click();
    const dialog = page.getByTestId('vault-dialog');
    await expect(dialog).toContainText('cannot be recovered');
    await dialog.getByLabel('Passphrase', { exact: true }).fill('correct horse battery staple');
    await dialog.getByLabel('Repeat the passphrase').fill('correct horse battery stable');
    await dialog.getByRole('button', { name: 'Create vault' }).click();
    await expect(dialog.getByRole('alert')).toHaveText('The two passphrases differ.');
    await dialog.getByLabel('Repeat the passphrase').fill('correct horse battery staple');
    await dialog.getByRole('button', { name: 'Create vault' }).click();
    await expect(banner).toHaveText('Keys are stored in an encrypted vault file (fallback).');
    // Every sentence about where keys live names the vault, none the keychain or "never in a file".
    await expect(page.locator('main')).toContainText('Hub API keys, kept in your encrypted vault file.');
    await expect(page.locator('main')).toContainText('Keys are kept in your encrypted vault file.');
    await expect(page.locator('main')).not.toContainText(/system keychain|never in a file/);

    const key = sandbox.admin.createKey({ name: 'vaulted' });
    const hub = await host.services.keys.addHub(`${sandbox.url}/`);
    await host.services.keys.addExistingKey({ hubId: hub.id, name: 'vaulted', secret: key.secret });
    await page.getByRole('link', { name: 'Settings' }).click();
    await expect(page.getByTestId('key-storage')).toContainText('Encrypted vault file (fallback)');
    await page.screenshot({ path: '.tmp/screens/settings-vault.png' });

    for (const file of ['keys.vault', 'settings.json']) {
      expect(readFileSync(join(dataDir, file)).includes(key.secret), file).toBe(false);
    }

    // After a restart the vault is locked until the user gives the passphrase.
    await host.close();
    host = await startHost();
    await page.goto(host.url);
    await expect(banner).toContainText('Your encrypted vault file is locked');
    await banner.getByRole('button', { name: 'Unlock vault' }).click();
    await dialog.getByLabel('Passphrase', { exact: true }).fill('wrong passphrase');
    await dialog.getByRole('button', { name: 'Unlock vault' }).click();
    await expect(dialog.getByRole('alert')).toContainText('does not open the vault');
    await dialog.getByLabel('Passphrase', { exact: true }).fill('correct horse battery staple');
    await dialog.getByRole('button', { name: 'Unlock vault' }).click();
    await expect(banner).toHaveText('Keys are stored in an encrypted vault file (fallback).');
    const row = page.getByTestId('key-row').filter({ hasText: 'vaulted' });
    await row.getByRole('button', { name: 'Reveal' }).click();
    await expect(row.getByTestId('key-text')).toHaveText(key.secret);
  } finally {
    await host.close();
    await sandbox.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
