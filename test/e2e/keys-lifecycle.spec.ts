import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from './fixtures';

test.skip(!process.env.DBUS_SESSION_BUS_ADDRESS, 'needs the test keyring: run through npm test (scripts/with-keyring.sh)');

/** Clicks something that opens the approval page, then approves there as the user would. */
async function approveInBrowser(context: BrowserContext, start: () => Promise<void>) {
  const popup = context.waitForEvent('page');
  await start();
  const page = await popup;
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByText('Approved')).toBeVisible();
  await page.close();
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Shows a hub's keys; hubs from earlier tests may share its name, and the newest is listed last. */
async function openHub(app: Page, hubName: string) {
  await app.reload();
  await app.getByRole('tab').filter({ hasText: hubName }).last().click();
}

test('pasted keys are checked with the hub first: a malformed or revoked key is refused and not stored', async ({ app, host, sandbox }) => {
  const added = await host.services.keys.addHub(`${sandbox.url}/`, 'Paste hub');
  await openHub(app, added.name);
  const revoked = sandbox.admin.createKey({ name: 'revoked-one' });
  sandbox.admin.revokeKey(revoked.accessKeyId);

  await app.getByRole('button', { name: 'Add existing key' }).click();
  const dialog = app.getByTestId('add-key-dialog');
  await dialog.getByLabel('Name').fill('pasted');
  await dialog.getByLabel('Key', { exact: true }).fill('sk-not-a-hub-key');
  await dialog.getByRole('button', { name: 'Check and save' }).click();
  await expect(dialog.getByRole('alert')).toContainText('does not look like a hub key');

  await dialog.getByLabel('Key', { exact: true }).fill(revoked.secret);
  await dialog.getByRole('button', { name: 'Check and save' }).click();
  await expect(dialog.getByRole('alert')).toContainText(/did not accept|revoked/i);
  expect(await host.services.keys.listKeys()).not.toContainEqual(expect.objectContaining({ name: 'pasted' }));

  const good = sandbox.admin.createKey({ name: 'good-one' });
  await dialog.getByLabel('Key', { exact: true }).fill(good.secret);
  await dialog.getByRole('button', { name: 'Check and save' }).click();
  await expect(dialog).toBeHidden();
  await expect(app.getByTestId('key-row').filter({ hasText: 'pasted' })).toContainText(good.secret.slice(-4));
});

test('a full key session leaves the key text in no file the app wrote and in no log line', async ({
  app,
  host,
  sandbox,
  context,
  dataDir,
}) => {
  const logged: string[] = [];
  const original = { log: console.log, warn: console.warn, error: console.error, info: console.info };
  for (const level of ['log', 'warn', 'error', 'info'] as const) {
    console[level] = (...args: unknown[]) => {
      logged.push(args.map(String).join(' '));
      original[level](...args);
    };
  }
  try {
    const added = await host.services.keys.addHub(`${sandbox.url}/`, 'Leak hub');
    await openHub(app, added.name);

    // Generate through the approval page.
    await app.getByRole('button', { name: 'Generate key' }).click();
    await app.getByTestId('generate-dialog').getByLabel('Name').fill('leak-check');
    await approveInBrowser(context, () => app.getByRole('button', { name: 'Continue in browser' }).click());
    const once = app.getByTestId('show-once-dialog');
    const secret = (await once.getByTestId('new-key-secret').textContent()) ?? '';
    expect(secret).toMatch(/^blocklet-/);
    await once.getByRole('button', { name: 'Copy as environment variables' }).click();
    await expect.poll(() => host.clipboard.readText()).toContain(`AIGNE_HUB_API_KEY=${secret}`);
    await once.getByRole('button', { name: 'Done' }).click();

    const row = app.getByTestId('key-row').filter({ hasText: 'leak-check' });
    // Check, reveal (explicit), shortcuts on the focused row.
    await row.getByRole('button', { name: 'Check', exact: true }).click();
    await expect(row).toContainText('Works');
    await row.focus();
    await app.keyboard.press('r');
    await expect(row.getByTestId('key-text')).toHaveText(secret);
    await expect(row).toContainText('Hidden again in');
    await row.getByRole('button', { name: 'Hide' }).click();
    await expect(row.getByTestId('key-text')).toHaveText(`blocklet-…${secret.slice(-4)}`);
    await row.focus();
    await app.keyboard.press('c');
    await expect.poll(() => host.clipboard.readText()).toBe(secret);

    // Rotate: a replacement through the approval page, made the default; the old key is forgotten locally.
    await row.getByRole('button', { name: /More actions/ }).click();
    await app.getByRole('menuitem', { name: 'Rotate…' }).click();
    await approveInBrowser(context, () => app.getByTestId('rotate-dialog').getByRole('button', { name: 'Start rotation' }).click());
    const done = app.getByTestId('rotate-done-dialog');
    await expect(done).toContainText('Revoke it in the hub’s dashboard');
    await app.screenshot({ path: '.tmp/screens/keys-rotated.png' });
    // The name moves to the new key; the old one is labelled as replaced.
    await expect(app.getByTestId('key-row').filter({ hasText: 'leak-check (replaced' })).toHaveCount(1);
    await done.getByRole('button', { name: 'Forget the old key here' }).click();
    await expect(app.getByTestId('toast').filter({ hasText: 'Forgot “leak-check (replaced' })).toBeVisible();
    const rotated = app.getByTestId('key-row').filter({ hasText: 'leak-check' });
    await expect(rotated).toHaveCount(1);
    await expect(rotated).toContainText('Default');
    await expect(rotated).not.toContainText('replaced');

    // Forget the new one too, then undo.
    await rotated.getByRole('button', { name: /More actions/ }).click();
    await app.getByRole('menuitem', { name: 'Forget…' }).click();
    await app.getByRole('button', { name: 'Forget key' }).click();
    await expect(rotated).toHaveCount(0);
    await app.getByTestId('toast').filter({ hasText: 'Forgot “leak-check”' }).getByRole('button', { name: 'Undo' }).click();
    await expect(app.getByTestId('key-row').filter({ hasText: 'leak-check' })).toBeVisible();

    const rotatedKey = (await host.services.keys.listKeys()).find((k) => k.name === 'leak-check')!;
    const newSecret = (await host.services.keys.revealKey(rotatedKey.id)).secret;

    // Chat once through the playground service, so its call log and the usage files exist too.
    const chat = host.services.playground.startChat({
      keyId: rotatedKey.id,
      model: 'sandbox/echo',
      messages: [{ role: 'user', content: 'is anything leaking' }],
      params: {},
    });
    expect((await chat.done).status).toBe('success');
    await host.services.usage.keyHints(rotatedKey.hubId);
    for (const text of [secret, newSecret]) {
      for (const file of filesUnder(dataDir)) expect(readFileSync(file).includes(text), `${file} holds a key`).toBe(false);
      expect(logged.filter((l) => l.includes(text))).toEqual([]);
      expect(await app.content()).not.toContain(text);
      const storage = await app.evaluate(() => {
        const g = globalThis as unknown as { localStorage: object; sessionStorage: object };
        return JSON.stringify({ ...g.localStorage }) + JSON.stringify({ ...g.sessionStorage });
      });
      expect(storage).not.toContain(text);
    }
  } finally {
    Object.assign(console, original);
  }
});

test('each key shows when it was last used and its calls in the last 30 days, from the hub', async ({ app, host, sandbox }) => {
  const added = await host.services.keys.addHub(`${sandbox.url}/`);
  // Generated keys carry the hub's id for them, which is what usage is recorded under.
  const generate = async (name: string) => {
    const pending = host.services.keys.generateKey({ hubId: added.id, name });
    await expect.poll(() => sandbox.admin.listSessions().find((s) => s.status === 'pending')).toBeTruthy();
    const session = sandbox.admin.listSessions().find((s) => s.status === 'pending')!;
    sandbox.admin.approveSession(String(session.id), name);
    return pending;
  };
  const busy = await generate('busy');
  await generate('idle');
  const pasted = sandbox.admin.createKey({ name: 'pasted' });
  await host.services.keys.addExistingKey({ hubId: added.id, name: 'pasted', secret: pasted.secret });
  for (let i = 0; i < 3; i++) {
    const res = await fetch(`${sandbox.mountUrl}/api/v2/chat/completions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${busy.secret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: 'sandbox/echo', messages: [{ role: 'user', content: `hello ${i}` }] }),
    });
    expect(res.status).toBe(200);
  }
  await openHub(app, added.name);
  const hint = (name: string) => app.getByTestId('key-row').filter({ hasText: name }).getByTestId('key-usage-hint');
  await expect(hint('busy')).toHaveText(/Last used .* · 3 calls in 30 days/);
  await expect(hint('idle')).toHaveText('Never used · 0 calls in 30 days');
  // A pasted key's hub id is derived from the key itself, so it gets its own figures too.
  await expect(hint('pasted')).toHaveText('Never used · 0 calls in 30 days');
});
