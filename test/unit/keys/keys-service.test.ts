import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hubDtoSchema, keyDtoSchema, type GenerationProgress } from '../../../src/shared/keys';
import { AigneCliKeychain } from '../../../src/main/services/keychain/aigne-cli';
import { KeysService } from '../../../src/main/services/keys/keys-service';
import { metadataStoreFromKeyValue } from '../../../src/main/services/keys/ports';
import { openConfStore } from '../../../src/main/services/settings/conf-store';
import type { KeyValueStore } from '../../../src/main/services/settings/store';
import { randomKey, startFakeHub, type FakeHub } from './support/fake-hub';
import { MemoryClipboard, MemorySecretStore } from './support/memory-secret-store';
import { rejectionOf } from './support/rejection';

let hub: FakeHub;
let dir: string;
let conf: KeyValueStore;
let secrets: MemorySecretStore;
let clipboard: MemoryClipboard;
let opened: string[];
let cliKeys: MemorySecretStore;
let cliDefaults: MemorySecretStore;
let service: KeysService;

beforeEach(async () => {
  hub = await startFakeHub();
  dir = mkdtempSync(join(tmpdir(), 'keys-service-'));
  conf = openConfStore(dir);
  secrets = new MemorySecretStore();
  clipboard = new MemoryClipboard();
  opened = [];
  cliKeys = new MemorySecretStore();
  cliDefaults = new MemorySecretStore();
  service = new KeysService({
    secrets,
    metadata: metadataStoreFromKeyValue(conf),
    clipboard,
    browser: { openExternal: async (url) => void opened.push(url) },
    cli: new AigneCliKeychain({ keys: cliKeys, legacyDefaults: cliDefaults }),
    options: { pollIntervalMs: 20, approvalTimeoutMs: 5_000, undoWindowMs: 150 },
  });
});

afterEach(async () => {
  service.dispose();
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

const addHub = () => service.addHub(`${hub.origin}/ai-kit/playground`);

describe('hubs', () => {
  it('adds a hub by any URL on its site, and adding it again returns the same hub', async () => {
    const first = await addHub();
    expect(hubDtoSchema.parse(first)).toEqual(first);
    expect(first).toMatchObject({ name: 'Fake Hub', origin: hub.origin, mountUrl: hub.mountUrl, keyCount: 0 });
    const again = await service.addHub(hub.origin, 'Other name');
    expect(again.id).toBe(first.id);
    expect(await service.listHubs()).toHaveLength(1);
  });

  it('renames a hub and refuses an empty name', async () => {
    const h = await addHub();
    expect((await service.renameHub(h.id, '  Team hub ')).name).toBe('Team hub');
    await expect(service.renameHub(h.id, '  ')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('refuses to remove a hub that still has keys unless asked to forget them', async () => {
    const h = await addHub();
    const { key } = await service.generateKey({ hubId: h.id, name: 'k' });
    await expect(service.removeHub(h.id, { forgetKeys: false })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('1 saved key'),
    });
    expect(await service.removeHub(h.id, { forgetKeys: true })).toEqual({ removedKeyIds: [key.id] });
    expect(secrets.data.size).toBe(0);
    expect(await service.listHubs()).toEqual([]);
  });
});

describe('generating a key through the browser approval', () => {
  it('opens the approval page, reports progress, stores the secret in the store only and shows it once', async () => {
    const h = await addHub();
    const progress: GenerationProgress[] = [];
    const { key, secret } = await service.generateKey({ hubId: h.id, name: 'Work laptop', note: 'for scripts' }, (p) => progress.push(p));

    expect(keyDtoSchema.parse(key)).toEqual(key);
    expect(key).toMatchObject({
      hubId: h.id,
      name: 'Work laptop',
      note: 'for scripts',
      source: 'generated',
      isDefault: true,
      lastCheck: { ok: true, user: 'Fake User', balance: '1234.5' },
    });
    expect(key.masked).toBe(`blocklet-…${secret.slice(-4)}`);
    expect(key.accessKeyId).toMatch(/^z1Fake/);

    expect(await secrets.get(`${h.id}:${key.id}`)).toBe(secret);
    expect(readFileSync(conf.path, 'utf8')).not.toContain(secret);
    expect(readFileSync(conf.path, 'utf8')).not.toContain(secret.slice(9, 30));

    const page = new URL(opened[0] ?? '');
    expect(page.searchParams.get('source')).toBe('Work laptop');
    expect(page.searchParams.get('appName')).toBe('AIGNE Hub Desktop');
    expect(progress.map((p) => p.phase)).toEqual(['waiting-for-approval', 'waiting-for-approval', 'verifying', 'saving']);
    expect(progress[1]).toMatchObject({ attempt: 1, approvalUrl: opened[0] });
    expect(new Set(progress.map((p) => p.operationId)).size).toBe(1);
    expect(hub.sessions.size).toBe(0); // closed after use
  });

  it('reports a declined approval and saves nothing', async () => {
    const h = await addHub();
    hub.mode = 'deny';
    await expect(service.generateKey({ hubId: h.id, name: 'k' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('declined'),
    });
    expect(secrets.data.size).toBe(0);
    expect(await service.listKeys()).toEqual([]);
  });

  it('can be cancelled while waiting; the session is closed and nothing is saved', async () => {
    const h = await addHub();
    hub.mode = 'never';
    const pending = service.generateKey({ hubId: h.id, name: 'k', operationId: 'op-1' });
    await sleep(80);
    expect(await service.cancelGeneration('op-1')).toBe(true);
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(hub.deletedSessions).toHaveLength(1);
    expect(await service.cancelGeneration('op-1')).toBe(false);
    expect(secrets.data.size).toBe(0);
  });
});

describe('adding an existing key', () => {
  it('refuses text that is not a hub key, without asking the hub', async () => {
    const h = await addHub();
    const before = hub.requests.length;
    await expect(service.addExistingKey({ hubId: h.id, name: 'k', secret: 'sk-proj-123' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('not a hub key'),
    });
    expect(hub.requests.length).toBe(before);
  });

  it('refuses a key the hub does not accept, and does not store it', async () => {
    const h = await addHub();
    const revoked = hub.issueKey();
    hub.revoke(revoked);
    const error = await rejectionOf(service.addExistingKey({ hubId: h.id, name: 'k', secret: revoked }));
    expect(error).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringContaining('revoked') });
    expect(error.message).not.toContain(revoked);
    expect(secrets.data.size).toBe(0);
  });

  it('saves a valid pasted key once; pasting it again names the duplicate', async () => {
    const h = await addHub();
    const secret = hub.issueKey();
    const key = await service.addExistingKey({ hubId: h.id, name: 'Pasted', secret: `  ${secret}\n` });
    expect(key).toMatchObject({ source: 'pasted', lastCheck: { ok: true } });
    await expect(service.addExistingKey({ hubId: h.id, name: 'Again', secret })).rejects.toMatchObject({
      message: 'This key is already saved as "Pasted".',
    });
  });
});

describe('using a saved key', () => {
  it('checks a key and records the outcome, naming the failure when revoked', async () => {
    const h = await addHub();
    const secret = hub.issueKey();
    const key = await service.addExistingKey({ hubId: h.id, name: 'k', secret });
    expect((await service.checkKey(key.id)).lastCheck).toMatchObject({ ok: true, available: true, balance: '1234.5' });
    hub.revoke(secret);
    const checked = await service.checkKey(key.id);
    expect(checked.lastCheck).toMatchObject({
      ok: false,
      code: 'UNAUTHORIZED',
      message: expect.stringContaining('did not accept this key'),
    });
    expect((await service.listKeys(h.id))[0]?.lastCheck?.ok).toBe(false);
  });

  it('copies as a key or as env lines, and clears only what it wrote', async () => {
    const h = await addHub();
    const { key, secret } = await service.generateKey({ hubId: h.id, name: 'k' });
    const { clearsAt } = await service.copyKey(key.id, { format: 'env', clearAfterMs: 100 });
    expect(clipboard.text).toBe(`AIGNE_HUB_API_URL=${hub.mountUrl}\nAIGNE_HUB_API_KEY=${secret}`);
    expect(Date.parse(clearsAt)).toBeGreaterThan(Date.now());
    await sleep(160);
    expect(clipboard.text).toBe('');

    await service.copyKey(key.id, { format: 'key', clearAfterMs: 100 });
    expect(clipboard.text).toBe(secret);
    clipboard.writeText('something else');
    await sleep(160);
    expect(clipboard.text).toBe('something else');
  });

  it('reveals the secret on request', async () => {
    const h = await addHub();
    const { key, secret } = await service.generateKey({ hubId: h.id, name: 'k' });
    expect(await service.revealKey(key.id)).toEqual({ secret });
  });

  it('rotates: a verified replacement takes the name and the default, the old key is labelled and stays until revoked', async () => {
    const h = await addHub();
    const { key: old } = await service.generateKey({ hubId: h.id, name: 'Work laptop', note: 'n' });
    const rotated = await service.rotateKey(old.id);
    expect(rotated.newKey).toMatchObject({ name: 'Work laptop', note: 'n', isDefault: true });
    expect(rotated.oldKey).toMatchObject({
      id: old.id,
      isDefault: false,
      name: expect.stringMatching(/^Work laptop \(replaced \d{4}-\d{2}-\d{2}\)$/),
    });
    expect(rotated.dashboardUrl).toBe(`${hub.origin}/.well-known/service/user/settings#user-center-access-key-setting`);
    expect(rotated.adminUrl).toBe(`${hub.origin}/.well-known/service/admin/integrations/access-keys`);
    expect(await service.listKeys(h.id)).toHaveLength(2);
  });

  it('sets the default key only within its hub', async () => {
    const h = await addHub();
    const a = await service.addExistingKey({ hubId: h.id, name: 'a', secret: hub.issueKey() });
    const b = await service.addExistingKey({ hubId: h.id, name: 'b', secret: hub.issueKey() });
    expect(a.isDefault).toBe(true);
    expect((await service.setDefaultKey(h.id, b.id)).defaultKeyId).toBe(b.id);
    await expect(service.setDefaultKey(h.id, 'nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('forgetting a key', () => {
  it('removes it from the store and the list, and undo brings it back as it was', async () => {
    const h = await addHub();
    const { key, secret } = await service.generateKey({ hubId: h.id, name: 'k' });
    const { undoToken, expiresAt } = await service.forgetKey(key.id);
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
    expect(secrets.data.size).toBe(0);
    expect(await service.listKeys()).toEqual([]);
    const restored = await service.undoForget(undoToken);
    expect(restored).toEqual(key);
    expect(await secrets.get(`${h.id}:${key.id}`)).toBe(secret);
  });

  it('cannot be undone after the window', async () => {
    const h = await addHub();
    const { key } = await service.generateKey({ hubId: h.id, name: 'k' });
    const { undoToken } = await service.forgetKey(key.id);
    await sleep(220);
    await expect(service.undoForget(undoToken)).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('too late') });
  });
});

describe('sharing keys with the aigne CLI', () => {
  it('writes the CLI layout and makes the hub its default', async () => {
    const h = await addHub();
    const { key, secret } = await service.generateKey({ hubId: h.id, name: 'k' });
    const host = new URL(hub.origin).host;
    expect(await service.useForCli(key.id)).toEqual({ host, url: hub.mountUrl });
    expect(JSON.parse((await cliKeys.get(host)) ?? '')).toEqual({ AIGNE_HUB_API_URL: hub.mountUrl, AIGNE_HUB_API_KEY: secret });
    // Current CLIs read their default hub from account `default` in the same service; the prerelease service is not written.
    expect(JSON.parse((await cliKeys.get('default')) ?? '')).toEqual({ AIGNE_HUB_API_URL: hub.mountUrl });
    expect(await cliDefaults.get('aigne-hub-default')).toBeNull();
  });

  it('keeps the CLI’s own fields in its entries and never puts a key in its default entry', async () => {
    const h = await addHub();
    const { key } = await service.generateKey({ hubId: h.id, name: 'k' });
    const host = new URL(hub.origin).host;
    await cliKeys.set(host, JSON.stringify({ AIGNE_HUB_API_URL: 'http://old/ai-kit', AIGNE_HUB_API_KEY: 'blocklet-old', EXTRA: 'kept' }));
    await cliKeys.set(
      'default',
      JSON.stringify({ AIGNE_HUB_API_URL: 'http://old/ai-kit', AIGNE_HUB_API_KEY: 'blocklet-stray', note: 'x' }),
    );
    await service.useForCli(key.id);
    expect(JSON.parse((await cliKeys.get(host)) ?? '')).toMatchObject({ EXTRA: 'kept', AIGNE_HUB_API_URL: hub.mountUrl });
    expect(JSON.parse((await cliKeys.get('default')) ?? '')).toEqual({ AIGNE_HUB_API_URL: hub.mountUrl, note: 'x' });
    // The default entry is not a hub: import skips it.
    expect((await service.importFromCli()).skipped.map((s) => s.host)).not.toContain('default');
  });

  it('reads the CLI default from the current layout, else from the prerelease one', async () => {
    const cli = new AigneCliKeychain({ keys: cliKeys, legacyDefaults: cliDefaults });
    await cliDefaults.set('aigne-hub-default', JSON.stringify({ AIGNE_HUB_API_URL: 'http://legacy/ai-kit' }));
    expect(await cli.readCliDefault()).toBe('http://legacy/ai-kit');
    await cliKeys.set('default', JSON.stringify({ AIGNE_HUB_API_URL: 'http://current/ai-kit' }));
    expect(await cli.readCliDefault()).toBe('http://current/ai-kit');
  });

  it('refuses a hub whose host would overwrite the CLI’s default entry', async () => {
    const cli = new AigneCliKeychain({ keys: cliKeys, legacyDefaults: cliDefaults });
    await cliKeys.set('default', JSON.stringify({ AIGNE_HUB_API_URL: 'http://mine/ai-kit' }));
    await expect(cli.writeCliKey('http://default/ai-kit', 'blocklet-x', { makeDefault: true })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      detail: { reason: 'cliReservedHost' },
    });
    expect(JSON.parse((await cliKeys.get('default')) ?? '')).toEqual({ AIGNE_HUB_API_URL: 'http://mine/ai-kit' });
  });

  it('imports CLI keys, discovering unknown hubs, and explains what it skipped', async () => {
    const host = new URL(hub.origin).host;
    const good = hub.issueKey();
    await cliKeys.set(host, JSON.stringify({ AIGNE_HUB_API_URL: hub.mountUrl, AIGNE_HUB_API_KEY: good }));
    await cliKeys.set('revoked.example', JSON.stringify({ AIGNE_HUB_API_URL: hub.mountUrl, AIGNE_HUB_API_KEY: randomKey() }));
    await cliKeys.set('garbage', 'not json');
    const result = await service.importFromCli();
    expect(result.imported).toHaveLength(1);
    expect(result.imported[0]).toMatchObject({ source: 'cli-import', name: `aigne CLI (${host})` });
    expect(result.skipped).toEqual([{ host: 'revoked.example', reason: expect.stringContaining('did not accept this key') }]);
    expect(await service.listHubs()).toHaveLength(1);
    const again = await service.importFromCli();
    expect(again.imported).toHaveLength(0);
    expect(again.skipped[0]?.reason).toMatch(/already saved/);
  });
});
