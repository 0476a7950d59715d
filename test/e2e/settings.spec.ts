import { expect, test } from './fixtures';
import { expectContrastAA, expectNoHorizontalOverflow, WINDOW_SIZES } from './support/layout';

test.describe('the Settings page', () => {
  test.afterEach(async ({ host }) => {
    await host.services.settings.update({ language: 'en', clipboardClearSeconds: 30 });
  });

  test('a clipboard delay below the minimum is refused inline, in place, and nothing is saved', async ({ app, host }) => {
    await app.getByRole('link', { name: 'Settings' }).click();
    const before = host.services.settings.get().clipboardClearSeconds;
    const seconds = app.getByLabel('Clear copied keys from the clipboard after');
    await seconds.fill('2');
    // Said as it is typed, under the field, not at the bottom of the page.
    await expect(seconds).toHaveAttribute('aria-invalid', 'true');
    await expect(app.getByTestId('clipboard-help')).toHaveText(
      'Enter a whole number of seconds from 5 to 600. The setting was not changed.',
    );
    await seconds.blur();
    // The typed value stays for the user to fix; no save was attempted.
    await expect(seconds).toHaveValue('2');
    await expect(app.getByTestId('saved-safety')).toHaveText('');
    await expect(app.getByTestId('settings-save-error')).toHaveCount(0);
    expect(host.services.settings.get().clipboardClearSeconds).toBe(before);

    await seconds.fill('45');
    await expect(seconds).not.toHaveAttribute('aria-invalid', 'true');
    await seconds.blur();
    await expect(app.getByTestId('saved-safety')).toHaveText('✓ Saved');
    // Only the section that was saved says so.
    await expect(app.getByTestId('saved-appearance')).toHaveText('');
    expect(host.services.settings.get().clipboardClearSeconds).toBe(45);
  });

  test('the clipboard message and the saved note are in Chinese after a language switch', async ({ app }) => {
    await app.getByRole('link', { name: 'Settings' }).click();
    await app.getByLabel('Language').selectOption('zh-CN');
    // The note sits beside the language it confirms, already in the new language.
    await expect(app.getByTestId('saved-appearance')).toHaveText('✓ 已保存');
    await expect(app.getByRole('heading', { level: 1 })).toHaveText('设置');
    const seconds = app.getByLabel('复制的密钥在剪贴板中保留');
    await seconds.fill('600000');
    await expect(app.getByTestId('clipboard-help')).toHaveText('请输入 5 到 600 之间的整数秒数。设置未更改。');
    await app.getByLabel('语言').selectOption('en');
    await expect(app.getByTestId('saved-appearance')).toHaveText('✓ Saved');
    await expect(app.getByTestId('clipboard-help')).toContainText('Enter a whole number of seconds');
  });

  for (const size of WINDOW_SIZES) {
    test(`fits a ${size.width}×${size.height} window without sideways scrolling`, async ({ app }) => {
      await app.setViewportSize(size);
      await app.getByRole('link', { name: 'Settings' }).click();
      await expect(app.getByTestId('about')).toContainText('Node.js');
      await expectNoHorizontalOverflow(app, `Settings at ${size.width}×${size.height}`);
    });
  }

  for (const theme of ['light', 'dark'] as const) {
    test(`reaches AA contrast in the ${theme} theme`, async ({ app, host }) => {
      await host.services.settings.update({ theme });
      await app.getByRole('link', { name: 'Settings' }).click();
      await expect(app.getByTestId('about')).toContainText('Node.js');
      // The saved note and an inline error are part of what must be readable.
      const seconds = app.getByLabel('Clear copied keys from the clipboard after');
      await seconds.fill('44');
      await seconds.blur();
      await expect(app.getByTestId('saved-safety')).toHaveText('✓ Saved');
      await seconds.fill('1');
      await expectContrastAA(app, `Settings (${theme})`);
    });
  }
});
