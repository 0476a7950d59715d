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
