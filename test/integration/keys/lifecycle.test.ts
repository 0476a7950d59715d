import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import keytar from 'keytar';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSandboxHub, type SandboxHub } from '../../../sandbox-hub/index';
import { keyDtoSchema, type GenerationProgress } from '../../../src/shared/keys';
import { CLI_DEFAULT_ACCOUNT, CLI_KEYS_SERVICE } from '../../../src/main/services/keychain/aigne-cli';
import { DEFAULT_KEYCHAIN_SERVICE, KeytarStore } from '../../../src/main/services/keychain/keytar-store';
import { KeysService } from '../../../src/main/services/keys/keys-service';
import { metadataStoreFromKeyValue, type Browser } from '../../../src/main/services/keys/ports';
import { openConfStore } from '../../../src/main/services/settings/conf-store';
import type { KeyValueStore } from '../../../src/main/services/settings/store';
import { MemoryClipboard } from '../../unit/keys/support/memory-secret-store';
import { rejectionOf } from '../../unit/keys/support/rejection';
import { describeWithKeyring } from './keyring-env';

/**
 * The whole key lifecycle against the sandbox hub and the real keychain
 * (run under scripts/with-keyring.sh). Secrets go to the documented place: service
 * "AIGNE Hub Desktop", account "<hubId>:<keyId>".
 */
describeWithKeyring('a key’s life, against the sandbox hub and the real keychain', () => {
  let sandbox: SandboxHub;
  let dir: string;
  let conf: KeyValueStore;
  let clipboard: MemoryClipboard;
  let service: KeysService;
  const opened: Array<{ url: string; status: number; body: string }> = [];
  let savedCliDefault: string | null = null;
  const ourHubIds = new Set<string>();

  /** Stands in for the user's browser: loads the approval page (auto-approve does the rest). */
  const browser: Browser = {
    async openExternal(url) {
      const res = await fetch(url);
      opened.push({ url, status: res.status, body: await res.text() });
      return true;
    },
  };

  const makeService = (metadataDir: string) =>
    new KeysService({
      secrets: new KeytarStore(),
      metadata: metadataStoreFromKeyValue(openConfStore(metadataDir)),
      clipboard,
      browser,
      options: { pollIntervalMs: 50, approvalTimeoutMs: 10_000, undoWindowMs: 400 },
    });

  beforeAll(async () => {
    sandbox = await startSandboxHub({ port: 0, autoApprove: true });
    dir = mkdtempSync(join(tmpdir(), 'keys-lifecycle-'));
    conf = openConfStore(dir);
    clipboard = new MemoryClipboard();
    service = makeService(dir);
    savedCliDefault = await keytar.getPassword(CLI_KEYS_SERVICE, CLI_DEFAULT_ACCOUNT);
  });

  afterAll(async () => {
    service.dispose();
    // Leave the keychain as we found it (it may be a developer's real one): only our hubs' accounts go.
    for (const h of await service.listHubs()) ourHubIds.add(h.id);
    for (const c of await keytar.findCredentials(DEFAULT_KEYCHAIN_SERVICE)) {
      if (ourHubIds.has(c.account.split(':')[0] ?? '')) await keytar.deletePassword(DEFAULT_KEYCHAIN_SERVICE, c.account);
    }
    await keytar.deletePassword(CLI_KEYS_SERVICE, new URL(sandbox.url).host);
    if (savedCliDefault === null) await keytar.deletePassword(CLI_KEYS_SERVICE, CLI_DEFAULT_ACCOUNT);
    else await keytar.setPassword(CLI_KEYS_SERVICE, CLI_DEFAULT_ACCOUNT, savedCliDefault);
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('generates, stores, checks, copies, rotates, forgets and restores a key', async () => {
    const hub = await service.addHub(`${sandbox.url}/some/page`);
    expect(hub.mountUrl).toBe(sandbox.mountUrl);

    // generate (auto-approve): the browser sees a well-formed approval page naming the key
    const progress: GenerationProgress[] = [];
    const { key, secret } = await service.generateKey({ hubId: hub.id, name: 'Lifecycle key' }, (p) => progress.push(p));
    expect(keyDtoSchema.parse(key)).toEqual(key);
    expect(opened[0]?.status).toBe(200);
    expect(opened[0]?.body).toContain('Lifecycle key');
    expect(new URL(opened[0]?.url ?? '').pathname).toBe('/.well-known/service/gen-simple-access-key');
    expect(progress.at(-1)?.phase).toBe('saving');
    expect(sandbox.admin.listKeys().find((k) => k.accessKeyId === key.accessKeyId)?.name).toBe('Lifecycle key');
    expect(sandbox.admin.listSessions()).toEqual([]); // the session was closed

    // the secret is in the OS keychain, under the documented account; the metadata file has no trace of it
    expect(await keytar.getPassword('AIGNE Hub Desktop', `${hub.id}:${key.id}`)).toBe(secret);
    const metadataFile = readFileSync(conf.path, 'utf8');
    expect(metadataFile).not.toContain(secret);
    expect(metadataFile).not.toContain(secret.slice('blocklet-'.length, -4));
    expect(key.masked).toBe(`blocklet-…${secret.slice(-4)}`);

    // check
    const checked = await service.checkKey(key.id);
    expect(checked.lastCheck).toMatchObject({ ok: true, user: 'Sandbox User', available: true });
    expect(Date.parse(checked.lastCheck?.at ?? '')).toBeGreaterThan(Date.now() - 10_000);

    // copy: cleared after the delay…
    await service.copyKey(key.id, { format: 'key', clearAfterMs: 200 });
    expect(clipboard.text).toBe(secret);
    await sleep(350);
    expect(clipboard.text).toBe('');
    // …but not when the user copied something else meanwhile
    await service.copyKey(key.id, { format: 'env', clearAfterMs: 200 });
    expect(clipboard.text).toBe(`AIGNE_HUB_API_URL=${sandbox.mountUrl}\nAIGNE_HUB_API_KEY=${secret}`);
    clipboard.writeText('meeting notes');
    await sleep(350);
    expect(clipboard.text).toBe('meeting notes');

    // rotate: a verified replacement becomes the default; the old key keeps working until revoked
    const rotated = await service.rotateKey(key.id);
    expect(rotated.newKey).toMatchObject({ isDefault: true, name: 'Lifecycle key' });
    expect(rotated.oldKey).toMatchObject({ id: key.id, isDefault: false, name: expect.stringContaining('Lifecycle key (replaced') });
    expect(rotated.dashboardUrl).toBe(`${sandbox.url}/.well-known/service/user/settings#user-center-access-key-setting`);
    expect(rotated.adminUrl).toBe(`${sandbox.url}/.well-known/service/admin/integrations/access-keys`);
    expect((await service.checkKey(key.id)).lastCheck?.ok).toBe(true);
    sandbox.admin.revokeKey(key.accessKeyId ?? '');
    expect((await service.checkKey(key.id)).lastCheck).toMatchObject({ ok: false, code: 'UNAUTHORIZED' });

    // forget → gone from keychain and list; undo → back in both
    const { undoToken } = await service.forgetKey(key.id);
    expect(await keytar.getPassword('AIGNE Hub Desktop', `${hub.id}:${key.id}`)).toBeNull();
    expect((await service.listKeys(hub.id)).map((k) => k.id)).toEqual([rotated.newKey.id]);
    expect((await service.undoForget(undoToken)).id).toBe(key.id);
    expect(await keytar.getPassword('AIGNE Hub Desktop', `${hub.id}:${key.id}`)).toBe(secret);

    // …and after the undo window, it is gone for good
    const second = await service.forgetKey(key.id);
    await sleep(500);
    await expect(service.undoForget(second.undoToken)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await keytar.getPassword('AIGNE Hub Desktop', `${hub.id}:${key.id}`)).toBeNull();
  });

  it('refuses a revoked key and a malformed key on paste, and stores neither', async () => {
    const hub = await service.addHub(sandbox.url);
    const accountsBefore = (await keytar.findCredentials(DEFAULT_KEYCHAIN_SERVICE)).length;

    const revoked = sandbox.admin.createKey({ name: 'soon revoked' });
    sandbox.admin.revokeKey(revoked.accessKeyId);
    const error = await rejectionOf(service.addExistingKey({ hubId: hub.id, name: 'Revoked', secret: revoked.secret }));
    expect(error).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringContaining('may have been revoked') });
    expect(error.message).not.toContain(revoked.secret);

    await expect(service.addExistingKey({ hubId: hub.id, name: 'Typo', secret: 'sk-live-0000' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('not a hub key'),
    });
    expect((await keytar.findCredentials(DEFAULT_KEYCHAIN_SERVICE)).length).toBe(accountsBefore);

    const valid = sandbox.admin.createKey({ name: 'pasted' });
    const saved = await service.addExistingKey({ hubId: hub.id, name: 'Pasted', secret: valid.secret });
    expect(await keytar.getPassword('AIGNE Hub Desktop', `${hub.id}:${saved.id}`)).toBe(valid.secret);
  });

  it('hands a key to the aigne CLI in its own keychain layout, and imports it back', async () => {
    const [hub] = await service.listHubs();
    const key = (await service.listKeys(hub?.id)).find((k) => k.isDefault);
    if (!hub || !key) throw new Error('the first test should have left a default key');
    const secret = (await service.revealKey(key.id)).secret;

    const host = new URL(sandbox.url).host; // e.g. 127.0.0.1:43123
    expect(await service.useForCli(key.id)).toEqual({ host, url: sandbox.mountUrl });
    expect(JSON.parse((await keytar.getPassword('aigne-hub-api-key', host)) ?? 'null')).toEqual({
      AIGNE_HUB_API_URL: sandbox.mountUrl,
      AIGNE_HUB_API_KEY: secret,
    });
    expect(JSON.parse((await keytar.getPassword('aigne-hub-api-key', 'default')) ?? 'null')).toEqual({
      AIGNE_HUB_API_URL: sandbox.mountUrl,
    });

    // A fresh install (no hubs yet) finds the hub and the key through the CLI's entry.
    const freshDir = mkdtempSync(join(tmpdir(), 'keys-import-'));
    const fresh = makeService(freshDir);
    try {
      const result = await fresh.importFromCli();
      const mine = result.imported.find((k) => k.masked === key.masked);
      expect(mine).toMatchObject({ source: 'cli-import', name: `aigne CLI (${host})` });
      expect((await fresh.listHubs())[0]?.mountUrl).toBe(sandbox.mountUrl);
      expect((await fresh.revealKey(mine?.id ?? '')).secret).toBe(secret);
    } finally {
      for (const h of await fresh.listHubs()) ourHubIds.add(h.id);
      fresh.dispose();
      rmSync(freshDir, { recursive: true, force: true });
    }
  });
});
