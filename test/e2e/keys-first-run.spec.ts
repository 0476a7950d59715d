import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Locator } from '@playwright/test';
import { startSandboxHub } from '../../sandbox-hub';
import { startWebHost } from '../../src/host/server';

/**
 * From an empty data folder to a copied, named key, then on to a first streamed, generated answer. Counting rule: every click the user makes,
 * in the app and on the hub's approval page in the browser (approving is a click too); typing
 * is not needed, since the proposed name is kept.
 */
test('a copied, named key takes at most 4 clicks from an empty data folder, a first generated answer at most 6', async ({
  page,
  context,
}) => {
  const sandbox = await startSandboxHub({ port: 0 });
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-first-run-'));
  // The host probes this test's sandbox instead of the default local port.
  const host = await startWebHost({ dataDir, services: { keys: { pollIntervalMs: 200, localHubUrl: `${sandbox.url}/` } } });
  try {
    host.services.settings.update({ language: 'en' });
    let clicks = 0;
    const click = async (target: Locator) => {
      clicks++;
      await target.click();
    };
    await page.goto(host.url);

    await click(page.getByTestId('connect-local-hub'));
    const gen = page.getByTestId('generate-dialog');
    await expect(gen.getByLabel('Name')).toHaveValue(/^AIGNE Hub Desktop on \S/);
    const popup = context.waitForEvent('page');
    await click(gen.getByRole('button', { name: 'Continue in browser' }));
    const approval = await popup;
    await click(approval.getByRole('button', { name: 'Approve' }));

    const once = page.getByTestId('show-once-dialog');
    await expect(once.getByRole('button', { name: 'Try it in the playground' })).toBeVisible();
    const secret = (await once.getByTestId('new-key-secret').textContent())?.trim();
    await click(once.getByRole('button', { name: 'Copy key', exact: true }));
    await expect.poll(() => host.clipboard.readText()).toBe(secret);

    const keys = await host.services.keys.listKeys();
    expect(keys.map((k) => k.name)).toEqual([expect.stringMatching(/^AIGNE Hub Desktop on \S/)]);
    expect(clicks).toBeLessThanOrEqual(4);

    // On to the playground: the key is picked, the model generates text, a sample prompt sends.
    await click(once.getByRole('button', { name: 'Try it in the playground' }));
    const composer = page.getByTestId('chat-composer').getByRole('textbox');
    await expect(composer).toBeFocused();
    await expect(page.getByTestId('key-picker')).toHaveValue(keys[0]!.id);
    const sample = page.getByTestId('sample-prompt').first();
    const prompt = (await sample.textContent())!.trim();
    await click(sample);
    const answer = page.getByTestId('message-assistant').last();
    await expect(answer).toHaveAttribute('data-status', 'success', { timeout: 20_000 });
    const text = (await answer.getByTestId('message-text').textContent())!.trim();
    expect(text.length).toBeGreaterThan(0);
    expect(text).not.toBe(prompt);
    expect(clicks).toBeLessThanOrEqual(6);
  } finally {
    await host.close();
    await sandbox.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
