import { expect, test } from './fixtures';

/** Plain http to another computer needs the user's word, said plainly, in both languages. */
test.describe('adding a hub over plain http', () => {
  test('asks for confirmation with the risk spelled out before sending anything', async ({ app, host }) => {
    const connect = app.getByRole('button', { name: 'Connect a hub' });
    const add = app.getByRole('button', { name: 'Add hub' });
    // The page loads lazily: wait for whichever of the two buttons it shows.
    await expect(connect.or(add).first()).toBeVisible();
    await ((await connect.isVisible()) ? connect : add).click();
    const dialog = app.getByTestId('add-hub-dialog');
    await dialog.getByLabel('Hub address').fill('http://hub.invalid:8090');
    const warning = dialog.getByTestId('insecure-http');
    await expect(warning).toContainText('unencrypted');
    const submit = dialog.getByRole('button', { name: 'Add hub' });
    await expect(submit).toBeDisabled();

    await warning.getByRole('checkbox').check();
    await expect(submit).toBeEnabled();
    await submit.click();
    // Confirmed: the app now tries the address (which does not exist), instead of refusing plain http.
    await expect(dialog.getByRole('alert').filter({ hasText: /hub\.invalid/ })).toBeVisible({ timeout: 15_000 });
    await expect(dialog).not.toContainText('tick the box');

    // A loopback address needs no confirmation.
    await dialog.getByLabel('Hub address').fill('http://127.0.0.1:9');
    await expect(warning).toBeHidden();

    host.services.settings.update({ language: 'zh-CN' });
    await dialog.getByLabel(/Hub 地址|Hub address/).fill('http://hub.invalid:8090');
    await expect(dialog.getByTestId('insecure-http')).toContainText('未加密');
  });
});

test.describe('adding a hub by a bare address', () => {
  test('a loopback address without a scheme is tried over http, and an old error goes once the address changes', async ({
    app,
    sandbox,
  }) => {
    const connect = app.getByRole('button', { name: 'Connect a hub' });
    const add = app.getByRole('button', { name: 'Add hub' });
    await expect(connect.or(add).first()).toBeVisible();
    await ((await connect.isVisible()) ? connect : add).click();
    const dialog = app.getByTestId('add-hub-dialog');
    const address = dialog.getByLabel('Hub address');

    // First a port where nothing listens: a clear failure.
    await address.fill('127.0.0.1:9');
    await dialog.getByRole('button', { name: 'Add hub' }).click();
    await expect(dialog.getByRole('alert')).toBeVisible({ timeout: 15_000 });

    // Typing a new address clears it; the sandbox's own address, without http://, is found.
    const port = new URL(sandbox.url).port;
    await address.fill(`localhost:${port}`);
    await expect(dialog.getByRole('alert')).toHaveCount(0);
    await dialog.getByRole('button', { name: 'Add hub' }).click();
    await expect(dialog).toBeHidden({ timeout: 15_000 });
    await expect(
      app
        .getByText(`http://localhost:${port}`)
        .or(app.getByText(`http://127.0.0.1:${port}`))
        .first(),
    ).toBeVisible();
  });
});
