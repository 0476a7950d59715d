import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HUB_DID } from '../../../src/main/services/hub/discover';
import { createServices } from '../../../src/main/services';
import { openSettingsStore, redactText, secretEncodings } from '../../../src/main/services/storage';
import { randomKey } from '../../unit/keys/support/fake-hub';
import { MemorySecretStore } from '../../unit/keys/support/memory-secret-store';
import { sendJson, startServer, type LocalServer } from '../../unit/keys/support/http-server';

const runtime = { host: 'browser' as const, name: 'AIGNE Hub Desktop', version: '0.1.0', platform: 'linux x64', versions: { node: '20' } };
const dirs: string[] = [];
const servers: LocalServer[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const s of servers.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Every form of the key a scan must not find: raw, base64 and base64url (all alignments), URL-encoded. */
function forms(secret: string): string[] {
  return [
    ...secretEncodings(secret),
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('base64url'),
    encodeURIComponent(secret),
    // The part after the prefix is what identifies the key.
    secret.slice('blocklet-'.length),
  ];
}

describe('a key in every encoding', () => {
  it('is masked by redactText however it is embedded', () => {
    const key = randomKey();
    for (const pad of ['', 'x', 'xy']) {
      const b64 = Buffer.from(`${pad}token=${key};`).toString('base64');
      const b64url = Buffer.from(`${pad}token=${key};`).toString('base64url');
      const text = `raw ${key} b64 ${b64} url ${b64url} enc ${encodeURIComponent(`k=${key}&x=1`)}`;
      const out = redactText(text);
      expect(out).not.toContain(key);
      expect(out).not.toContain(b64);
      expect(out).not.toContain(b64url);
      for (const form of secretEncodings(key)) expect(out).not.toContain(form);
    }
    // Ordinary text is left alone.
    expect(redactText('model openai/gpt-4o-mini took 1200 ms, request 7f9c2e1a-3b4d-4c5e-8f60-112233445566')).toBe(
      'model openai/gpt-4o-mini took 1200 ms, request 7f9c2e1a-3b4d-4c5e-8f60-112233445566',
    );
  });

  it('a hub message echoing the key in base64 never lands in settings.json, its backup or the logs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-redaction-'));
    dirs.push(dir);
    const key = randomKey();
    const echo = `upstream refused credential ${Buffer.from(key).toString('base64')} (${Buffer.from(`k:${key}`).toString('base64url')}) [${encodeURIComponent(key)}]`;
    const hub = await startServer((req, res) => {
      const url = new URL(req.url, 'http://x');
      if (url.pathname === '/__blocklet__.js')
        return sendJson(res, 200, { appName: 'Echo Hub', componentMountPoints: [{ did: HUB_DID, mountPoint: '/ai-kit' }] });
      if (url.pathname === '/ai-kit/api/user/info') {
        if (req.headers.authorization !== `Bearer ${key}`)
          return sendJson(res, 401, { error: `bad token ${Buffer.from(key).toString('base64')}` });
        return sendJson(res, 200, {
          user: { did: 'z1U', fullName: 'U', email: '', avatar: '' },
          creditBalance: { balance: '1' },
          enableCredit: true,
        });
      }
      if (url.pathname === '/ai-kit/api/v2/status') return sendJson(res, 200, { available: false, error: echo });
      return sendJson(res, 404, { error: `no route; your key was ${Buffer.from(key).toString('base64')}` });
    });
    servers.push(hub);
    const logged: string[] = [];
    for (const level of ['log', 'warn', 'error', 'info'] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
    }

    const services = createServices({
      store: openSettingsStore(dir),
      dataDir: dir,
      secrets: new MemorySecretStore(),
      shell: { openExternal: async () => true },
      clipboard: { readText: () => '', writeText: () => undefined, clear: () => undefined },
      runtime,
      emit: () => undefined,
      onError: (e) => console.warn(`[ipc] ${e.channel} failed: ${e.code}`),
    });
    const ctx = { host: 'browser' as const };
    const added = await services.dispatcher.dispatch('hubs.add', { url: hub.origin }, ctx);
    expect(added.ok).toBe(true);
    const hubId = (added as { value: { id: string } }).value.id;
    const saved = await services.dispatcher.dispatch('keys.addExisting', { hubId, name: 'echoed', secret: key }, ctx);
    expect(saved.ok).toBe(true);
    const keyId = (saved as { value: { id: string } }).value.id;
    const checked = await services.dispatcher.dispatch('keys.check', { keyId }, ctx);
    expect(checked.ok).toBe(true);
    // The user still learns what the hub said, minus the key.
    expect(JSON.stringify(checked)).toContain('upstream refused credential');
    await services.dispatcher.dispatch('keys.list', {}, ctx);
    services.dispose();

    const files = readdirSync(dir);
    expect(files).toEqual(expect.arrayContaining(['settings.json', 'settings.backup.json']));
    const settings = readFileSync(join(dir, 'settings.json'), 'utf8');
    expect(settings).toContain('upstream refused credential');
    for (const file of files) {
      const text = readFileSync(join(dir, file), 'utf8');
      for (const form of forms(key)) expect(text, `${file} holds the key as ${form.slice(0, 12)}…`).not.toContain(form);
    }
    for (const line of logged) for (const form of forms(key)) expect(line).not.toContain(form);
    expect(JSON.stringify(checked)).not.toContain(Buffer.from(key).toString('base64'));
  });
});
