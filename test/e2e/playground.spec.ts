import type { Download, Page } from '@playwright/test';
import { startSandboxHub, type SandboxHub } from '../../sandbox-hub';
import type { WebHost } from '../../src/host/server';
import { expect, test } from './fixtures';
import { expectContrastAA, expectNoHorizontalOverflow, WINDOW_SIZES } from './support/layout';

/**
 * The playground against a sandbox hub, through the browser host: every test
 * adds its own hub and key (the host is shared per worker), then opens the
 * playground on that hub with `#/playground?hubId=…&model=…`, as the usage page does.
 */

const SHOTS = '.tmp/screens';

async function connect(host: WebHost, sandbox: SandboxHub, options: { credits?: number; name?: string } = {}) {
  const hub = await host.services.keys.addHub(sandbox.url);
  const created = sandbox.admin.createKey({
    name: options.name ?? 'playground e2e',
    ...(options.credits !== undefined ? { credits: options.credits } : {}),
  });
  const key = await host.services.keys.addExistingKey({ hubId: hub.id, name: options.name ?? 'Playground e2e', secret: created.secret });
  return { hub, key, created };
}

async function openPlayground(app: Page, host: WebHost, hubId: string, model = 'sandbox/echo', title = 'Playground') {
  await app.goto(`${host.url}#/playground?hubId=${encodeURIComponent(hubId)}&model=${encodeURIComponent(model)}`);
  await expect(app.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(app.getByTestId('chat-model').getByRole('button')).toContainText(model.split('/')[1]!);
}

async function send(app: Page, text: string) {
  const box = app.getByTestId('chat-composer').getByRole('textbox', { name: 'Prompt' });
  await box.fill(text);
  await box.press('Enter');
}

const lastAnswer = (app: Page) => app.getByTestId('message-assistant').last();

/** A hub whose prose models stream slowly enough to watch and stop. */
async function slowSandbox(tokensPerSecond = 8) {
  return startSandboxHub({ port: 0, proseTokensPerSecond: tokensPerSecond });
}

test.describe('playground', () => {
  test.skip(!process.env.DBUS_SESSION_BUS_ADDRESS, 'needs the test keyring: run through scripts/with-keyring.sh');

  test('streams an answer with exact token counts, credits and a running total', async ({ app, host, sandbox }) => {
    const { hub } = await connect(host, sandbox);
    await openPlayground(app, host, hub.id);
    await expect(app.getByText('Start a conversation')).toBeVisible();

    await send(app, 'one two three');
    const answer = lastAnswer(app);
    await expect(answer.getByTestId('message-text')).toHaveText('one two three');
    await expect(answer).toHaveAttribute('data-status', 'success');
    // sandbox/echo: 3 prompt words in, 3 out; 3 × 0.000002 + 3 × 0.000008 credits.
    await expect(answer.getByTestId('metric-tokens')).toHaveText('3 in / 3 out');
    await expect(answer.getByTestId('metric-credits')).toContainText('≈ 0.00003');
    await expect(answer.getByTestId('metric-credits')).toContainText('estimate');
    await expect(answer.getByTestId('metric-duration')).toHaveText(/^\d+(\.\d)? (ms|s)$/);
    await expect(answer.getByTestId('metric-ttft')).toHaveText(/^\d+ ms$/);

    // A second exchange: the whole conversation is sent, so 3 + 3 + 2 = 8 words in.
    await send(app, 'four five');
    await expect(lastAnswer(app).getByTestId('metric-tokens')).toHaveText('8 in / 2 out');
    const totals = app.getByTestId('conversation-totals');
    await expect(totals).toContainText('2 calls');
    await expect(totals).toContainText('16 tokens (11 in / 5 out)');
    // 11 × 0.000002 + 5 × 0.000008 = 0.000062
    await expect(totals).toContainText('≈ 0.000062 credits (estimate)');
    // The conversation is saved and titled after its first prompt.
    await expect(app.getByTestId('conversations').getByTestId('conversation-item').first()).toContainText('one two three');
    await app.screenshot({ path: `${SHOTS}/playground-chat-echo.png` });
  });

  test('Stop keeps the partial answer of a streaming model and marks it stopped', async ({ app, host }) => {
    const slow = await slowSandbox(6);
    try {
      const { hub } = await connect(host, slow);
      await openPlayground(app, host, hub.id, 'sandbox/prose');
      await send(app, 'Tell me about lighthouses');
      const answer = lastAnswer(app);
      await expect(answer).toHaveAttribute('data-status', 'streaming');
      await expect(answer.getByTestId('message-status')).toHaveText('Answering');
      // Let a few words arrive, then stop.
      await expect
        .poll(async () => ((await answer.getByTestId('message-text').textContent()) ?? '').split(/\s+/).filter(Boolean).length)
        .toBeGreaterThanOrEqual(3);
      await app.screenshot({ path: `${SHOTS}/playground-streaming.png`, animations: 'disabled' });
      await app.getByRole('button', { name: 'Stop', exact: true }).click();
      await expect(answer).toHaveAttribute('data-status', 'stopped');
      await expect(answer.getByTestId('message-status')).toHaveText('Stopped');
      const kept = (await answer.getByTestId('message-text').textContent()) ?? '';
      const words = kept.split(/\s+/).filter(Boolean).length;
      expect(words).toBeGreaterThanOrEqual(3);
      expect(words).toBeLessThan(64);
      await expect(answer).toContainText('the text that arrived is kept');
      // Nothing more arrives after Stop.
      await app.waitForTimeout(600);
      await expect(answer.getByTestId('message-text')).toHaveText(kept);
      await expect(app.getByRole('button', { name: 'Send', exact: true })).toBeVisible();

      // Esc stops too (keyboard), and Regenerate asks again.
      await answer.hover();
      await answer.getByRole('button', { name: 'Regenerate' }).click();
      await expect(lastAnswer(app)).toHaveAttribute('data-status', 'streaming');
      await app.keyboard.press('Escape');
      await expect(lastAnswer(app)).toHaveAttribute('data-status', 'stopped');
    } finally {
      await slow.close();
    }
  });

  test('compares two models side by side, streaming at once, each with its own Stop and metrics', async ({ app, host }) => {
    const slow = await slowSandbox(10);
    try {
      const { hub } = await connect(host, slow);
      await openPlayground(app, host, hub.id);
      await app.getByRole('tab', { name: 'Compare' }).click();
      const columns = app.getByTestId('compare-column');
      await expect(columns).toHaveCount(2);
      await pickModel(app, columns.nth(0), 'prose');
      await pickModel(app, columns.nth(1), 'prose-mini');

      const box = app.getByTestId('compare-composer').getByRole('textbox', { name: 'Prompt' });
      await box.fill('alpha beta gamma');
      await box.press('Enter');
      await expect(columns.nth(0)).toHaveAttribute('data-status', 'streaming');
      await expect(columns.nth(1)).toHaveAttribute('data-status', 'streaming');
      await expect(columns.nth(1).getByTestId('compare-text')).not.toBeEmpty();
      await expect(columns.nth(0).getByTestId('compare-text')).not.toBeEmpty();

      // Stop the long one; the other finishes on its own.
      await columns.nth(0).getByRole('button', { name: 'Stop' }).click();
      await expect(columns.nth(0)).toHaveAttribute('data-status', 'stopped');
      await expect(columns.nth(1)).toHaveAttribute('data-status', 'success', { timeout: 10_000 });
      // prose-mini: 24 words out for 3 words in.
      await expect(columns.nth(1).getByTestId('metric-tokens')).toHaveText('3 in / 24 out');
      await expect(columns.nth(1).getByTestId('metric-credits')).toContainText('≈');
      await expect(columns.nth(0).getByTestId('compare-status')).toHaveText('Stopped');

      // A third column, run again: all three answer.
      await app.getByRole('button', { name: '+ Add model' }).click();
      await expect(columns).toHaveCount(3);
      await pickModel(app, columns.nth(2), 'echo');
      await box.fill('delta epsilon');
      await box.press('Enter');
      await expect(columns.nth(2).getByTestId('compare-text')).toHaveText('delta epsilon');
      await expect(columns.nth(2).getByTestId('metric-tokens')).toHaveText('2 in / 2 out');
      for (let i = 0; i < 3; i++) await expect(columns.nth(i)).toHaveAttribute('data-status', 'success', { timeout: 15_000 });
      await app.screenshot({ path: `${SHOTS}/playground-compare-3.png` });
    } finally {
      await slow.close();
    }
  });

  test('exports the current request as curl, JavaScript and Python without the key', async ({ app, host, sandbox }) => {
    const { hub, created } = await connect(host, sandbox);
    await openPlayground(app, host, hub.id);
    await send(app, 'hello there');
    await expect(lastAnswer(app)).toHaveAttribute('data-status', 'success');
    await app.getByTestId('chat-composer').getByRole('textbox', { name: 'Prompt' }).fill('and a follow-up');

    await app.getByRole('button', { name: '</> Get code' }).click();
    const dialog = app.getByTestId('code-dialog');
    await expect(dialog.getByRole('tab', { name: 'curl' })).toHaveAttribute('aria-selected', 'true');
    const code = dialog.getByTestId('code-output');
    await expect(code).toContainText('curl -sS -N -X POST');
    await expect(code).toContainText('$AIGNE_HUB_API_KEY');
    await expect(code).toContainText('"model":"sandbox/echo"');
    await expect(code).toContainText('and a follow-up');
    await expect(code).toContainText(hub.mountUrl);
    await expect(dialog.getByTestId('code-note')).toContainText('AIGNE_HUB_API_KEY');
    await app.screenshot({ path: `${SHOTS}/playground-code.png` });
    const curl = (await code.textContent()) ?? '';
    expect(curl).not.toContain(created.secret);

    await dialog.getByRole('tab', { name: 'curl' }).press('ArrowRight');
    await expect(dialog.getByRole('tab', { name: 'JavaScript' })).toHaveAttribute('aria-selected', 'true');
    await expect(code).toContainText('process.env.AIGNE_HUB_API_KEY');
    await dialog.getByRole('tab', { name: 'Python' }).click();
    await expect(code).toContainText('os.environ["AIGNE_HUB_API_KEY"]');
    await dialog.getByRole('tab', { name: 'AIGNE Hub SDK' }).click();
    await expect(code).toContainText('apiKey: process.env.AIGNE_HUB_API_KEY');
    await dialog.getByRole('tab', { name: 'aigne CLI' }).click();
    await expect(code).toContainText('@aigne/cli run');
    expect((await dialog.textContent()) ?? '').not.toContain(created.secret);
    expect(await app.content()).not.toContain(created.secret);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();
  });

  test('generates images that can be saved, and embeds and compares texts', async ({ app, host, sandbox }) => {
    const { hub } = await connect(host, sandbox);
    await openPlayground(app, host, hub.id);
    await app.getByRole('tab', { name: 'Images' }).click();
    const images = app.getByTestId('images');
    await expect(images.getByTestId('image-model').getByRole('button')).toContainText('pixel');
    await images.getByLabel('Prompt').fill('a red lighthouse');
    await images.getByLabel('Size').selectOption('64x64');
    await images.getByLabel('Images', { exact: true }).fill('2');
    await images.getByRole('button', { name: 'Generate' }).click();
    const results = images.getByTestId('image-result');
    await expect(results).toHaveCount(2);
    await expect(results.first().locator('img')).toHaveAttribute('src', /^data:image\/png;base64,/);
    expect(
      await results
        .first()
        .locator('img')
        .evaluate((img: HTMLImageElement) => img.naturalWidth),
    ).toBe(64);
    await expect(images.getByTestId('image-summary')).toContainText('0.08 credits');
    const download = app.waitForEvent('download');
    await results.first().getByRole('link', { name: 'Save' }).click();
    expect((await download).suggestedFilename()).toBe('image-1.png');
    await app.screenshot({ path: `${SHOTS}/playground-images.png` });

    await app.getByRole('tab', { name: 'Embeddings' }).click();
    const embed = app.getByTestId('embeddings');
    await expect(embed.getByTestId('embed-model').getByRole('button')).toContainText('embed');
    await embed.getByRole('textbox', { name: 'Text to embed' }).fill('the quick brown fox');
    await embed.getByRole('button', { name: 'Embed', exact: true }).click();
    await expect(embed.getByTestId('embedding-dimension')).toHaveText('16');
    await embed.getByRole('textbox', { name: 'First text' }).fill('same words');
    await embed.getByRole('textbox', { name: 'Second text' }).fill('same words');
    await embed.getByRole('button', { name: 'Compare' }).click();
    await expect(embed.getByTestId('similarity-value')).toHaveText('1');
    await expect(embed.getByTestId('similarity-result')).toContainText('Very similar');
    await app.screenshot({ path: `${SHOTS}/playground-embeddings.png` });
  });

  test('an empty balance shows Top up in the answer, opening the hub’s top-up page', async ({ app, host, sandbox, context }) => {
    const { hub, created } = await connect(host, sandbox);
    await openPlayground(app, host, hub.id);
    sandbox.admin.injectFault(created.accessKeyId, 'credit', 1);
    await send(app, 'will this cost anything');
    const answer = lastAnswer(app);
    await expect(answer).toHaveAttribute('data-status', 'failed');
    const error = answer.getByTestId('pg-error');
    await expect(error).toHaveAttribute('data-code', 'OUT_OF_CREDITS');
    await expect(error).toContainText('Out of credits');
    await app.screenshot({ path: `${SHOTS}/playground-error-credits.png` });
    const popup = context.waitForEvent('page');
    await error.getByRole('button', { name: 'Top up' }).click();
    expect((await popup).url()).toContain(sandbox.url);

    // The fault is used up: Retry answers.
    await error.getByRole('button', { name: 'Retry' }).click();
    await expect(lastAnswer(app)).toHaveAttribute('data-status', 'success');
    await expect(lastAnswer(app).getByTestId('message-text')).toHaveText('will this cost anything');
  });

  test('a rejected key leads to Keys; a dropped stream keeps its partial text with Retry', async ({ app, host, sandbox }) => {
    const { hub, created } = await connect(host, sandbox);
    await openPlayground(app, host, hub.id);
    sandbox.admin.injectFault(created.accessKeyId, 'drop-socket', 1);
    await send(app, 'alpha beta gamma delta');
    let answer = lastAnswer(app);
    await expect(answer).toHaveAttribute('data-status', 'failed');
    await expect(answer.getByTestId('message-status')).toHaveText('Incomplete');
    await expect(answer.getByTestId('message-text')).toHaveText('alpha');
    await expect(answer.getByTestId('pg-error')).toHaveAttribute('data-code', 'HUB_UNREACHABLE');
    await expect(answer.getByTestId('pg-error')).toContainText('The answer is incomplete');
    await answer.getByRole('button', { name: 'Retry' }).click();
    await expect(lastAnswer(app).getByTestId('message-text')).toHaveText('alpha beta gamma delta');

    sandbox.admin.injectFault(created.accessKeyId, 'auth', 1);
    await send(app, 'who am I');
    answer = lastAnswer(app);
    await expect(answer.getByTestId('pg-error')).toHaveAttribute('data-code', 'UNAUTHORIZED');
    await expect(answer.getByTestId('pg-error')).toContainText('Key not accepted');
    await answer.getByRole('button', { name: 'Go to Keys' }).click();
    await expect(app.getByRole('heading', { level: 1 })).toHaveText('Keys');
  });

  test('conversations are saved, searchable after a reload, and reopen with their metrics', async ({ app, host, sandbox }) => {
    const { hub } = await connect(host, sandbox);
    await openPlayground(app, host, hub.id);
    const word = `zebra${Date.now().toString(36)}`;
    await send(app, `remember the ${word} please`);
    await expect(lastAnswer(app)).toHaveAttribute('data-status', 'success');
    await expect(app.getByTestId('conversation-item').first()).toContainText(word);

    await app.reload();
    await expect(app.getByRole('heading', { level: 1 })).toHaveText('Playground');
    await expect(app.getByTestId('message-user')).toHaveCount(0);
    const list = app.getByTestId('conversations');
    await list.getByRole('searchbox', { name: 'Search conversations' }).fill(word);
    const hits = list.getByTestId('conversation-item');
    await expect(hits).toHaveCount(1);
    await expect(hits.first()).toContainText(word);
    await hits.first().click();
    await expect(app.getByTestId('message-user')).toContainText(`remember the ${word} please`);
    await expect(lastAnswer(app).getByTestId('metric-tokens')).toHaveText('4 in / 4 out');
    await expect(app.getByTestId('conversation-totals')).toContainText('1 call');

    // Rename from the list with F2, then delete from the chat menu (confirmed).
    await hits.first().press('F2');
    const rename = app.getByTestId('rename-dialog');
    await rename.getByLabel('Title').fill(`Renamed ${word}`);
    await rename.getByRole('button', { name: 'Save' }).click();
    await expect(app.locator('.chat__title')).toHaveText(`Renamed ${word}`);
    await app.getByRole('button', { name: 'Conversation actions' }).click();
    await app.getByRole('menuitem', { name: 'Delete…' }).click();
    await app.getByRole('dialog').getByRole('button', { name: 'Delete conversation' }).click();
    await expect(hits).toHaveCount(0);
    await expect(app.getByTestId('message-user')).toHaveCount(0);
  });

  test('messages can be copied, edited and sent again, deleted with undo; the conversation exports as Markdown', async ({
    app,
    host,
    sandbox,
    context,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(host.url).origin });
    const { hub } = await connect(host, sandbox);
    await openPlayground(app, host, hub.id);
    await send(app, 'red green blue');
    await expect(lastAnswer(app)).toHaveAttribute('data-status', 'success');
    await send(app, 'cyan magenta');
    await expect(app.getByTestId('message-assistant')).toHaveCount(2);
    await expect(lastAnswer(app)).toHaveAttribute('data-status', 'success');

    // Copy an answer.
    const first = app.getByTestId('message-assistant').first();
    await first.hover();
    await first.getByRole('button', { name: 'Copy message' }).click();
    await expect.poll(() => app.evaluate(() => navigator.clipboard.readText())).toBe('red green blue');

    // Edit the first prompt: everything after it goes, and it is answered again.
    const prompt = app.getByTestId('message-user').first();
    await prompt.hover();
    await prompt.getByRole('button', { name: 'Edit' }).click();
    await prompt.getByRole('textbox', { name: 'Edit your message' }).fill('red green');
    await prompt.getByRole('button', { name: 'Send again' }).click();
    await expect(app.getByTestId('message-user')).toHaveCount(1);
    await expect(lastAnswer(app).getByTestId('message-text')).toHaveText('red green');
    await expect(lastAnswer(app)).toHaveAttribute('data-status', 'success');
    await expect(app.getByTestId('conversation-totals')).toContainText('1 call');

    // Delete the answer, then undo.
    await lastAnswer(app).hover();
    await lastAnswer(app).getByRole('button', { name: 'Delete message' }).click();
    await expect(app.getByTestId('message-assistant')).toHaveCount(0);
    await app.getByTestId('toast').getByRole('button', { name: 'Undo' }).click();
    await expect(app.getByTestId('message-assistant')).toHaveCount(1);

    // The saved copy matches what is on screen: export it.
    await app.getByRole('button', { name: 'Conversation actions' }).click();
    const download = app.waitForEvent('download');
    await app.getByRole('menuitem', { name: 'Export as Markdown' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.md$/);
    const text = await readDownload(file);
    expect(text).toContain('red green');
    expect(text).not.toContain('cyan magenta');
  });

  test('keyboard: Ctrl+K opens the model list, typing filters, Enter picks; Ctrl+Shift+O starts a new chat', async ({
    app,
    host,
    sandbox,
  }) => {
    const { hub } = await connect(host, sandbox);
    await openPlayground(app, host, hub.id);
    await send(app, 'first');
    await expect(lastAnswer(app)).toHaveAttribute('data-status', 'success');

    await app.keyboard.press('ControlOrMeta+k');
    const search = app.getByRole('combobox', { name: 'Search models' });
    await expect(search).toBeFocused();
    const options = app.getByRole('listbox', { name: 'Model' }).getByRole('option');
    await expect(options).toHaveCount(4);
    // The model whose check failed is listed, cannot be picked, and says why (the hub's message).
    const offline = options.filter({ hasText: 'offline' });
    await expect(offline).toHaveAttribute('aria-disabled', 'true');
    await expect(offline.getByTestId('model-unavailable-reason')).toContainText('unavailable');
    await expect(options.first()).toContainText('In 2 · Out 8 / 1M tokens');
    await expect(options.first()).toContainText('Tools');
    await app.screenshot({ path: `${SHOTS}/playground-model-picker.png` });
    await search.fill('mini');
    await expect(options).toHaveCount(1);
    await search.press('Enter');
    await expect(app.getByTestId('chat-model').getByRole('button')).toContainText('prose-mini');

    await app.keyboard.press('ControlOrMeta+Shift+O');
    await expect(app.getByTestId('message-user')).toHaveCount(0);
    await expect(app.getByTestId('chat-composer').getByRole('textbox')).toBeFocused();
  });

  test('parameters are checked against the hub’s ranges before anything is sent, and go into the request', async ({
    app,
    host,
    sandbox,
  }) => {
    const { hub } = await connect(host, sandbox);
    await openPlayground(app, host, hub.id);
    await app.getByRole('button', { name: 'Parameters' }).click();
    const panel = app.getByTestId('params-panel');
    await panel.getByLabel('Temperature').fill('3');
    await expect(panel).toContainText('Must be between 0 and 2.');
    await expect(panel.getByLabel('Temperature')).toHaveAttribute('aria-invalid', 'true');
    await app.getByTestId('chat-composer').getByRole('textbox', { name: 'Prompt' }).fill('hello');
    await expect(app.getByRole('button', { name: 'Send', exact: true })).toBeDisabled();
    await expect(app.getByTestId('chat-composer')).toContainText('Fix the highlighted parameters first');

    await panel.getByLabel('Max tokens').fill('2.5');
    await expect(panel).toContainText('Enter a whole number.');
    await panel.getByLabel('Max tokens').fill('2');
    await panel.getByLabel('Temperature').fill('0.5');
    await panel.getByRole('radio', { name: 'JSON schema' }).check();
    await panel.getByRole('textbox', { name: 'JSON schema' }).fill('{ not json');
    await expect(panel).toContainText('This is not valid JSON');
    await app.screenshot({ path: `${SHOTS}/playground-params.png` });
    await panel.getByRole('radio', { name: 'Text' }).check();

    await app.getByRole('button', { name: 'Send', exact: true }).click();
    // maxTokens 2 caps the echo at two words.
    await expect(lastAnswer(app).getByTestId('message-text')).toHaveText('hello');
    await app.getByRole('button', { name: '</> Get code' }).click();
    const code = app.getByTestId('code-dialog').getByTestId('code-output');
    await expect(code).toContainText('"temperature":0.5');
    await expect(code).toContainText('"maxTokens":2');
  });

  test('reads well in Simplified Chinese and dark theme', async ({ app, host, sandbox }) => {
    const { hub } = await connect(host, sandbox, { name: '笔记本' });
    await host.services.settings.update({ language: 'zh-CN', theme: 'dark' });
    await openPlayground(app, host, hub.id, 'sandbox/echo', '试验场');
    await expect(app.getByRole('tab', { name: '对比' })).toBeVisible();
    const box = app.getByTestId('chat-composer').getByRole('textbox');
    await box.fill('你好 世界');
    await box.press('Enter');
    await expect(lastAnswer(app).getByTestId('metric-tokens')).toHaveText('输入 2 / 输出 2');
    await expect(app.getByTestId('conversation-totals')).toContainText('1 次调用');
    await app.getByRole('button', { name: '参数' }).click();
    await app.mouse.move(0, 0);
    await app.screenshot({ path: `${SHOTS}/playground-zh-dark.png` });
    await app.keyboard.press('ControlOrMeta+k');
    await expect(app.getByRole('combobox', { name: '搜索模型' })).toBeFocused();
    await app.screenshot({ path: `${SHOTS}/playground-zh-picker.png` });
  });

  test('documentation screenshots: a streamed conversation and compare mode, light and dark', async ({ app, host }) => {
    const slow = await slowSandbox(40);
    try {
      const { hub } = await connect(host, slow, { name: 'Laptop' });
      await openPlayground(app, host, hub.id, 'sandbox/prose');
      await app.getByRole('button', { name: 'System prompt' }).click();
      await app.getByRole('textbox', { name: 'System prompt' }).fill('Answer in one short paragraph.');
      await app.getByRole('button', { name: 'System prompt' }).click();
      await send(app, 'Describe a lighthouse at dusk.');
      await expect(lastAnswer(app)).toHaveAttribute('data-status', 'success', { timeout: 10_000 });
      await pickModel(app, app.getByTestId('chat-model'), 'echo');
      await send(app, 'Now say **thanks** with `code` and a link: https://hub.aigne.io');
      await expect(lastAnswer(app)).toHaveAttribute('data-status', 'success');
      await app.mouse.move(0, 0);
      await shoot(app, 'docs/screenshots/playground-chat');

      await app.getByRole('tab', { name: 'Compare' }).click();
      const columns = app.getByTestId('compare-column');
      await pickModel(app, columns.nth(0), 'prose');
      await pickModel(app, columns.nth(1), 'prose-mini');
      const box = app.getByTestId('compare-composer').getByRole('textbox', { name: 'Prompt' });
      await box.fill('Write a short note about tide pools.');
      await box.press('Enter');
      for (let i = 0; i < 2; i++) await expect(columns.nth(i)).toHaveAttribute('data-status', 'success', { timeout: 10_000 });
      await shoot(app, 'docs/screenshots/playground-compare');
    } finally {
      await slow.close();
    }
  });
  test('first run: opened from Keys with a key, the composer has the focus and one sample prompt click streams a generated answer', async ({
    app,
    host,
    sandbox,
  }) => {
    const { hub, key } = await connect(host, sandbox);
    let clicks = 0;
    // As the Keys page's "Try it in the playground" opens it.
    await app.goto(`${host.url}#/playground?hubId=${encodeURIComponent(hub.id)}&keyId=${encodeURIComponent(key.id)}`);
    await expect(app.getByTestId('key-picker')).toHaveValue(key.id);
    const model = app.getByTestId('chat-model').getByRole('button');
    // A model that generates text, the cheapest the hub lists; never the echo model.
    await expect(model).toContainText('prose-mini');
    await expect(app.getByTestId('chat-composer').getByRole('textbox')).toBeFocused();
    const sample = app.getByTestId('sample-prompt').first();
    const prompt = (await sample.textContent())!;
    await sample.click();
    clicks++;
    const answer = lastAnswer(app);
    await expect(answer).toHaveAttribute('data-status', 'success');
    await expect(app.getByTestId('message-user')).toContainText(prompt);
    const text = (await answer.getByTestId('message-text').textContent())!.trim();
    expect(text.length).toBeGreaterThan(0);
    expect(text).not.toBe(prompt.trim());
    expect(clicks).toBeLessThanOrEqual(2);
  });

  test('a double click on Send does not stop the answer it just started', async ({ app, host }) => {
    const slow = await slowSandbox(20);
    try {
      const { hub } = await connect(host, slow);
      await openPlayground(app, host, hub.id, 'sandbox/prose');
      await app.getByTestId('chat-composer').getByRole('textbox', { name: 'Prompt' }).fill('Tell me about rivers.');
      await app.getByTestId('chat-composer').getByRole('button', { name: 'Send' }).dblclick();
      await expect(lastAnswer(app)).toHaveAttribute('data-status', 'success', { timeout: 15_000 });
      await expect(app.getByTestId('message-user')).toHaveCount(1);
    } finally {
      await slow.close();
    }
  });

  test('a hub error (HTTP 500) offers Retry, and the exact model name typed in the picker is the one Enter picks', async ({
    app,
    host,
    sandbox,
  }) => {
    const { hub, created } = await connect(host, sandbox);
    await openPlayground(app, host, hub.id, 'sandbox/prose-mini');
    sandbox.admin.injectFault(created.accessKeyId, 'server-error', 1);
    await send(app, 'hello there');
    const answer = lastAnswer(app);
    await expect(answer).toHaveAttribute('data-status', 'failed');
    await answer.getByTestId('pg-error').getByRole('button', { name: 'Retry' }).click();
    await expect(lastAnswer(app)).toHaveAttribute('data-status', 'success');

    await app.keyboard.press('ControlOrMeta+k');
    const search = app.getByRole('combobox', { name: 'Search models' });
    await search.fill('prose');
    await search.press('Enter');
    await expect(app.getByTestId('chat-model').getByRole('button')).toContainText(/prose(?!-mini)/);
    await expect(app.getByTestId('chat-model').getByRole('button')).not.toContainText('prose-mini');
  });

  for (const size of WINDOW_SIZES) {
    test(`fits the ${size.name} window (${size.width}×${size.height}) with a conversation open, light and dark, English and Chinese`, async ({
      app,
      host,
      sandbox,
    }) => {
      await app.setViewportSize({ width: size.width, height: size.height });
      const { hub } = await connect(host, sandbox, { name: 'A key with a rather long name that would not fit a narrow toolbar' });
      await openPlayground(app, host, hub.id);
      const shots = '.tmp/screens/playground';
      await app.screenshot({ path: `${shots}/empty-${size.name}-en-light.png` });
      await send(app, 'alpha beta gamma');
      await expect(lastAnswer(app)).toHaveAttribute('data-status', 'success');
      await app.screenshot({ path: `${shots}/chat-${size.name}-before-check.png` });
      // The message area keeps real height: at least half the window.
      const box = await app.getByTestId('messages').boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(size.height / 2 - 40);
      await expectNoHorizontalOverflow(app, `the playground at ${size.name}`);
      await app.screenshot({ path: `${shots}/chat-${size.name}-en-light.png` });
      await expectContrastAA(app, `the playground at ${size.name}, light`);
      await host.services.settings.update({ theme: 'dark' });
      await expect(app.locator('html')).toHaveAttribute('data-theme', 'dark');
      await expectContrastAA(app, `the playground at ${size.name}, dark`);
      await app.screenshot({ path: `${shots}/chat-${size.name}-en-dark.png` });
      await app.getByRole('tab', { name: 'Compare' }).click();
      await expectNoHorizontalOverflow(app, `compare at ${size.name}`);
      await app.screenshot({ path: `${shots}/compare-${size.name}-en-dark.png` });
      await host.services.settings.update({ language: 'zh-CN', theme: 'light' });
      await expect(app.getByRole('heading', { level: 1 })).toHaveText('试验场');
      await expectNoHorizontalOverflow(app, `compare at ${size.name}, Chinese`);
      await app.screenshot({ path: `${shots}/compare-${size.name}-zh-light.png` });
      await app.getByRole('tab', { name: '对话' }).click();
      await expectNoHorizontalOverflow(app, `the playground at ${size.name}, Chinese`);
      await app.screenshot({ path: `${shots}/chat-${size.name}-zh-light.png` });
    });
  }
});

async function pickModel(app: Page, scope: ReturnType<Page['getByTestId']>, name: string) {
  await scope.getByRole('button').first().click();
  const search = app.getByRole('combobox', { name: 'Search models' });
  await search.fill(name);
  await app.locator(`[role="option"][data-model="sandbox/${name}"]`).click();
  await expect(scope.getByRole('button').first()).toContainText(name);
}

async function shoot(app: Page, base: string) {
  await app.evaluate(() => (document.documentElement.dataset.theme = 'light'));
  await app.screenshot({ path: `${base}-light.png` });
  await app.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
  await app.screenshot({ path: `${base}-dark.png` });
  await app.evaluate(() => (document.documentElement.dataset.theme = 'light'));
}

async function readDownload(file: Download): Promise<string> {
  const stream = await file.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
