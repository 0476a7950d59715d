import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** Three or more Latin words in a row: an English sentence left in the Chinese UI. */
const LATIN_SENTENCE = /[A-Za-z]+(?:[\s,.'’:-]+[A-Za-z]+){2,}/;

/** What the user reads in a notice, without the names, addresses and codes it may rightly carry. */
async function readableText(notice: Locator): Promise<string> {
  const text = await notice.innerText();
  return text
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/“[^”]*”|"[^"]*"/g, ' ')
    .replace(/\b[\w.-]+:\d+\b/g, ' ')
    .replace(/\b[A-Z][A-Z_]{2,}\b/g, ' ');
}

async function expectChinese(notice: Locator) {
  await expect(notice).toBeVisible();
  const text = await readableText(notice);
  expect(text, 'the notice has Chinese text').toMatch(/[\u4e00-\u9fff]/);
  expect(text.match(LATIN_SENTENCE)?.[0] ?? null, `no English sentence in: ${text}`).toBeNull();
}

async function openHub(app: Page, hubName: string) {
  await app.reload();
  await app.getByRole('tab').filter({ hasText: hubName }).last().click();
}

test.describe('errors in Chinese', () => {
  // After the app fixture has reset the settings: switch, then load the page in Chinese.
  test.beforeEach(async ({ app, host }) => {
    await host.services.settings.update({ language: 'zh-CN' });
    await app.reload();
  });
  test.afterEach(async ({ host }) => {
    await host.services.settings.update({ language: 'en' });
  });

  test('adding a hub at a bad address or a closed port is refused in Chinese', async ({ app }) => {
    await app.reload();
    await app
      .getByRole('button', { name: /添加 Hub|连接/ })
      .first()
      .click();
    const dialog = app.getByTestId('add-hub-dialog');
    const url = dialog.locator('input').first();
    await url.fill('https://someone:secret@hub.example/');
    await dialog.locator('button[type=submit]').click();
    await expectChinese(dialog.getByRole('alert'));

    await url.fill('http://127.0.0.1:9/');
    await dialog.locator('button[type=submit]').click();
    const notice = dialog.getByRole('alert');
    await expect(notice).toHaveAttribute('data-code', 'HUB_UNREACHABLE', { timeout: 15_000 });
    await expectChinese(notice);
    // The English log text is there on demand, not in the way.
    await notice.getByRole('button', { name: '详情' }).click();
    await expect(notice).toContainText('HUB_UNREACHABLE');
  });

  test('a revoked key pasted in, and a usage view with a refused key, are explained in Chinese', async ({ app, host, sandbox }) => {
    const added = await host.services.keys.addHub(`${sandbox.url}/`, 'Zh hub');
    await openHub(app, added.name);
    const revoked = sandbox.admin.createKey({ name: 'revoked-zh' });
    sandbox.admin.revokeKey(revoked.accessKeyId);
    await app.getByRole('button', { name: '添加已有密钥' }).click();
    const dialog = app.getByTestId('add-key-dialog');
    const inputs = dialog.locator('input');
    await inputs.nth(0).fill('pasted');
    await inputs.nth(1).fill(revoked.secret);
    await dialog.locator('button[type=submit]').click();
    const notice = dialog.getByRole('alert');
    await expect(notice).toHaveAttribute('data-code', 'UNAUTHORIZED');
    await expectChinese(notice);
    // Something that is not a hub key at all is refused before the hub is asked, also in Chinese.
    await inputs.nth(1).fill('sk-not-a-hub-key');
    await dialog.locator('button[type=submit]').click();
    await expect(dialog.getByRole('alert')).toContainText('blocklet-');
    await expectChinese(dialog.getByRole('alert'));
    await dialog.getByRole('button', { name: '取消' }).click();

    const reader = sandbox.admin.createKey({ name: 'reader-zh' });
    await host.services.keys.addExistingKey({ hubId: added.id, name: 'Reader', secret: reader.secret });
    for (const h of await host.services.keys.listHubs())
      if (h.id !== added.id) await host.services.keys.removeHub(h.id, { forgetKeys: true });
    sandbox.admin.revokeKey(reader.accessKeyId);
    await app.getByRole('navigation').getByRole('link', { name: '用量' }).click();
    const usage = app.getByTestId('usage-error');
    await expect(usage).toHaveAttribute('data-code', 'UNAUTHORIZED', { timeout: 15_000 });
    await expectChinese(usage);
    await expect(usage.getByRole('button', { name: '前往“密钥”' })).toBeVisible();
  });

  test('playground answers that fail (no credits, a dropped stream, a refused key) are explained in Chinese', async ({
    app,
    host,
    sandbox,
  }) => {
    const hub = await host.services.keys.addHub(sandbox.url);
    const created = sandbox.admin.createKey({ name: 'playground-zh' });
    await host.services.keys.addExistingKey({ hubId: hub.id, name: 'Playground zh', secret: created.secret });
    await app.goto(`${host.url}#/playground?hubId=${encodeURIComponent(hub.id)}&model=${encodeURIComponent('sandbox/echo')}`);
    const box = app.getByTestId('chat-composer').getByRole('textbox');
    const faults = [
      ['credit', 'OUT_OF_CREDITS'],
      ['drop-socket', 'HUB_UNREACHABLE'],
      ['auth', 'UNAUTHORIZED'],
    ] as const;
    for (const [fault, code] of faults) {
      sandbox.admin.injectFault(created.accessKeyId, fault, 1);
      await box.fill(`alpha beta gamma ${fault}`);
      await box.press('Enter');
      const error = app.getByTestId('message-assistant').last().getByTestId('pg-error');
      await expect(error).toHaveAttribute('data-code', code, { timeout: 15_000 });
      await expectChinese(error);
    }
  });

  test('a clipboard delay out of range is refused in Chinese', async ({ app }) => {
    await app.getByRole('navigation').getByRole('link', { name: '设置' }).click();
    const seconds = app.getByLabel('复制的密钥在剪贴板中保留');
    await seconds.fill('1');
    await expectChinese(app.getByTestId('clipboard-help'));
  });
});
