import keytar from 'keytar';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AigneCliKeychain, CLI_DEFAULT_ACCOUNT, CLI_KEYS_SERVICE } from '../../../src/main/services/keychain/aigne-cli';
import { describeWithKeyring } from './keyring-env';

const KEY = 'blocklet-4mVbq8TzXw9kLpRa2NcYh7Qx2';
// Hosts no real hub uses, so a real keyring's entries are never overwritten.
const HOST_A = '127.0.0.1:59101';
const HOST_B = '127.0.0.1:59102';

describeWithKeyring('sharing keys with the aigne CLI through the keychain', () => {
  let savedDefault: string | null = null;

  beforeAll(async () => {
    savedDefault = await keytar.getPassword(CLI_KEYS_SERVICE, CLI_DEFAULT_ACCOUNT);
  });
  afterAll(async () => {
    for (const host of [HOST_A, HOST_B]) await keytar.deletePassword(CLI_KEYS_SERVICE, host);
    if (savedDefault === null) await keytar.deletePassword(CLI_KEYS_SERVICE, CLI_DEFAULT_ACCOUNT);
    else await keytar.setPassword(CLI_KEYS_SERVICE, CLI_DEFAULT_ACCOUNT, savedDefault);
  });

  it('writes the entry exactly where and how the CLI reads it', async () => {
    const cli = new AigneCliKeychain();
    expect(await cli.writeCliKey(`http://${HOST_A}/ai-kit`, KEY, { makeDefault: true })).toEqual({
      host: HOST_A,
      url: `http://${HOST_A}/ai-kit`,
    });
    // Read back with raw keytar calls, as the CLI (via @zowe/secrets-for-zowe-sdk) would.
    expect(JSON.parse((await keytar.getPassword('aigne-hub-api-key', HOST_A)) ?? 'null')).toEqual({
      AIGNE_HUB_API_URL: `http://${HOST_A}/ai-kit`,
      AIGNE_HUB_API_KEY: KEY,
    });
    // Current CLIs (@aigne/secrets 0.1.6) read the default hub from account `default` of the same service.
    expect(JSON.parse((await keytar.getPassword('aigne-hub-api-key', 'default')) ?? 'null')).toEqual({
      AIGNE_HUB_API_URL: `http://${HOST_A}/ai-kit`,
    });
  });

  it('reads entries the CLI wrote, skipping ones that are not its JSON', async () => {
    await keytar.setPassword(
      'aigne-hub-api-key',
      HOST_B,
      JSON.stringify({ AIGNE_HUB_API_URL: `http://${HOST_B}`, AIGNE_HUB_API_KEY: `${KEY}B` }),
    );
    const entries = await new AigneCliKeychain().readCliKeys();
    expect(entries).toEqual(
      expect.arrayContaining([
        { host: HOST_A, url: `http://${HOST_A}/ai-kit`, key: KEY },
        { host: HOST_B, url: `http://${HOST_B}`, key: `${KEY}B` },
      ]),
    );
    expect(await new AigneCliKeychain().readCliDefault()).toBe(`http://${HOST_A}/ai-kit`);
  });

  it('does not move the CLI default unless asked', async () => {
    await new AigneCliKeychain().writeCliKey(`http://${HOST_B}`, `${KEY}B`, { makeDefault: false });
    expect(await new AigneCliKeychain().readCliDefault()).toBe(`http://${HOST_A}/ai-kit`);
  });
});
