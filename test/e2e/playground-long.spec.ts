import type { Page } from '@playwright/test';
import type { WebHost } from '../../src/host/server';
import { expect, test } from './fixtures';

/**
 * A long conversation: it opens at its end, already formatted (never a flash of raw
 * Markdown), with only the rows near the view in the page; code gets its colours.
 */

const answer = (i: number) =>
  `## Answer ${i}\n\nThe lamp turns on a **mercury bath**.\n\n- wound by hand\n- later by motor\n\n` +
  '```js\nconst period = 10; // seconds\n```\n\nEach light has its own *character*.';

function longConversation(n: number) {
  return Array.from({ length: n }, (_, i) =>
    i % 2 === 0
      ? { role: 'user' as const, content: `Question ${i / 2 + 1}` }
      : { role: 'assistant' as const, model: 'sandbox/echo', status: 'success' as const, content: answer(i) },
  );
}

async function openWithLongConversation(app: Page, host: WebHost, sandboxUrl: string, sandboxKey: string) {
  const hub = await host.services.keys.addHub(sandboxUrl);
  const key = await host.services.keys.addExistingKey({ hubId: hub.id, name: 'Long', secret: sandboxKey });
  const title = `Long ${Date.now().toString(36)}`;
  host.services.playground.createConversation({ title, model: 'sandbox/echo', keyId: key.id, messages: longConversation(200) });
  await app.goto(`${host.url}#/playground?hubId=${encodeURIComponent(hub.id)}&model=sandbox%2Fecho`);
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Playground');
  return app.getByTestId('conversation-item').filter({ hasText: title });
}

test.describe('playground, long conversation', () => {
  test.skip(!process.env.DBUS_SESSION_BUS_ADDRESS, 'needs the test keyring: run through scripts/with-keyring.sh');

  test('the Markdown code is fetched while the playground is idle, before anything is sent', async ({ app, host, sandbox }) => {
    const item = await openWithLongConversation(app, host, sandbox.url, sandbox.admin.createKey({ name: 'long' }).secret);
    await expect(item).toBeVisible();
    const fetched = () => app.evaluate(() => performance.getEntriesByType('resource').some((e) => /\/Markdown-[^/]*\.js$/.test(e.name)));
    await expect.poll(fetched).toBe(true);
    await expect(app.getByTestId('message-assistant')).toHaveCount(0);
  });

  test('opens at its last answer, formatted from the first frame, with only the rows near the view in the page', async ({
    app,
    host,
    sandbox,
  }) => {
    const item = await openWithLongConversation(app, host, sandbox.url, sandbox.admin.createKey({ name: 'long' }).secret);
    await expect
      .poll(() => app.evaluate(() => performance.getEntriesByType('resource').some((e) => /\/Markdown-[^/]*\.js$/.test(e.name))))
      .toBe(true);
    // Record whether any frame ever showed an answer as raw Markdown (the "## " of its heading).
    await app.evaluate(() => {
      const w = window as unknown as { __rawSeen: boolean };
      w.__rawSeen = false;
      const check = () => {
        for (const el of document.querySelectorAll('[data-testid="message-text"]'))
          if (el.textContent?.includes('## Answer')) w.__rawSeen = true;
        requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
    await item.click();

    const last = app.getByTestId('message-assistant').last();
    await expect(last.getByRole('heading', { name: 'Answer 199' })).toBeInViewport();
    await expect(last.locator('strong')).toHaveText('mercury bath');
    // The code block gets its colours once its language is ready (prepared in idle time).
    await expect(last.locator('code.hljs .hljs-keyword').first()).toHaveText('const');
    expect(await app.evaluate(() => (window as unknown as { __rawSeen: boolean }).__rawSeen)).toBe(false);
    // Virtualised: a handful of the 200 messages are in the page, not all of them.
    const rows = await app.locator('[data-testid="message-user"], [data-testid="message-assistant"]').count();
    expect(rows).toBeGreaterThan(1);
    expect(rows).toBeLessThan(30);

    // Scrolling to the top shows the first question.
    await app.getByTestId('messages').evaluate((el) => (el.scrollTop = 0));
    await expect(app.getByTestId('message-user').first()).toContainText('Question 1');
  });
});
