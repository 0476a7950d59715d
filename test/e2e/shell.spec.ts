import { expect, test } from './fixtures';
import { BRIDGE_KEYS } from '../../src/shared/channels';

const SECTIONS = {
  en: { keys: 'Keys', playground: 'Playground', usage: 'Usage', settings: 'Settings' },
  'zh-CN': { keys: '密钥', playground: '试验场', usage: '用量', settings: '设置' },
} as const;

test.describe('the app shell', () => {
  for (const language of ['en', 'zh-CN'] as const) {
    for (const theme of ['light', 'dark'] as const) {
      test(`navigates every section in ${language}, ${theme} theme`, async ({ app, host }) => {
        await host.services.settings.update({ language, theme });
        await app.reload();
        const labels = SECTIONS[language];
        await expect(app.locator('html')).toHaveAttribute('data-theme', theme);
        await expect(app.locator('html')).toHaveAttribute('lang', language);
        for (const [section, label] of Object.entries(labels)) {
          await app.getByRole('navigation').getByRole('link', { name: label }).click();
          await expect(app.getByRole('heading', { level: 1 })).toHaveText(label);
          await expect(app).toHaveURL(new RegExp(`#/${section}$`));
          await expect(app.getByRole('link', { name: label })).toHaveAttribute('aria-current', 'page');
        }
        // Nothing in the page should have fallen back to the other language's labels.
        const other = language === 'en' ? SECTIONS['zh-CN'] : SECTIONS.en;
        await expect(app.getByRole('navigation')).not.toContainText(other.playground);
        await app.screenshot({ path: `.tmp/screens/shell-${language}-${theme}.png` });
      });
    }
  }

  test('shows app info from main: a real round trip through the contract', async ({ app }) => {
    await app.getByRole('link', { name: 'Settings' }).click();
    const about = app.getByTestId('about');
    await expect(about).toContainText('Browser host (development and testing only)');
    await expect(about).toContainText(process.versions.node);
    await expect(about).toContainText('0.1.0');
  });

  test('switches language and theme from Settings, and keeps them after a reload', async ({ app }) => {
    await app.getByRole('link', { name: 'Settings' }).click();
    await app.getByLabel('Language').selectOption('zh-CN');
    await expect(app.getByRole('heading', { level: 1 })).toHaveText('设置');
    await app.getByRole('radio', { name: '深色' }).check();
    await expect(app.locator('html')).toHaveAttribute('data-theme', 'dark');
    await app.reload();
    await expect(app.getByRole('heading', { level: 1 })).toHaveText('设置');
    await expect(app.locator('html')).toHaveAttribute('data-theme', 'dark');
    await app.screenshot({ path: '.tmp/screens/settings-zh-CN-dark.png' });
  });

  test('follows the OS theme when set to System', async ({ app, host }) => {
    await host.services.settings.update({ theme: 'system' });
    await app.emulateMedia({ colorScheme: 'dark' });
    await app.reload();
    await expect(app.locator('html')).toHaveAttribute('data-theme', 'dark');
    await app.emulateMedia({ colorScheme: 'light' });
    await expect(app.locator('html')).toHaveAttribute('data-theme', 'light');
  });

  test('is usable from the keyboard: shortcuts, arrow keys in the sidebar, skip link', async ({ app }) => {
    await app.keyboard.press('Control+3');
    await expect(app.getByRole('heading', { level: 1 })).toHaveText('Usage');
    await expect(app.getByRole('heading', { level: 1 })).toBeFocused();
    await app.getByRole('link', { name: 'Keys' }).focus();
    await app.keyboard.press('ArrowDown');
    await expect(app.getByRole('link', { name: 'Playground' })).toBeFocused();
    await app.keyboard.press('End');
    await expect(app.getByRole('link', { name: 'Settings' })).toBeFocused();
    await app.keyboard.press('Enter');
    await expect(app.getByRole('heading', { level: 1 })).toHaveText('Settings');
    await app.reload();
    await expect(app.getByRole('heading', { level: 1 })).toHaveText('Settings');
    await app.keyboard.press('Tab');
    await expect(app.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  });
});

test.describe('the bridge', () => {
  test('refuses a page opened without the token', async ({ page, host }) => {
    await page.goto(host.origin + '/');
    await expect(page.getByRole('alert')).toContainText('npm run web');
  });

  test('is the only thing the page can reach: no network, no Node', async ({ app }) => {
    const probe = await app.evaluate(async () => {
      let fetched = 'blocked';
      try {
        await fetch('http://127.0.0.1:9/');
        fetched = 'reached';
      } catch {
        /* blocked by CSP */
      }
      const w = globalThis as unknown as Record<string, unknown>;
      return { fetched, require: typeof w.require, process: typeof w.process, hub: Object.keys(w.hub as object).sort() };
    });
    expect(probe).toEqual({ fetched: 'blocked', require: 'undefined', process: 'undefined', hub: BRIDGE_KEYS });
  });
});
