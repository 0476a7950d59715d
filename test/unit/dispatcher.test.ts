import { tmpdir } from 'node:os';
import { describe, expect, it, vi } from 'vitest';
import { REQUEST_CHANNELS } from '../../src/shared/channels';
import { AppError } from '../../src/shared/errors';
import { createDispatcher, type Handlers } from '../../src/main/services/dispatcher';
import { createServices } from '../../src/main/services';
import { memoryStore } from '../../src/main/services/settings/store';

function memoryClipboard() {
  let text = '';
  return { readText: () => text, writeText: (t: string) => void (text = t), clear: () => void (text = '') };
}

const runtime = { host: 'browser' as const, name: 'AIGNE Hub Desktop', version: '0.1.0', platform: 'linux x64', versions: { node: '20' } };

function spiedServices() {
  return createServices({
    store: memoryStore(),
    dataDir: tmpdir(),
    shell: { openExternal: vi.fn(async () => true) },
    clipboard: memoryClipboard(),
    runtime,
    emit: vi.fn(),
  });
}

// For every channel, a payload it must refuse: wrong type, unknown key, out of range, or a secret in the wrong place.
const BAD_PAYLOADS: Record<string, unknown> = {
  'app.info': { surprise: true },
  'settings.get': 42,
  'settings.update': { theme: 'neon' },
  'shell.openExternal': { url: 'file:///etc/passwd' },
  'keychain.health': 'now',
  'keychain.createVault': { passphrase: '' },
  'keychain.unlockVault': { passphrase: 42 },
  'keychain.useSystemKeychain': { tier: 'os' },
  'hubs.list': [],
  'hubs.add': { url: '' },
  'hubs.rename': { id: 'h1', name: '   ' },
  'hubs.remove': { id: 'h1' },
  'hubs.setDefaultKey': { hubId: 'h1' },
  'keys.list': { hubId: 'h1', secret: 'blocklet-x' },
  'keys.generate': { hubId: 'h1', name: 'x'.repeat(81) },
  'keys.cancelGeneration': {},
  'keys.addExisting': { hubId: 'h1', name: 'n', secret: 7 },
  'keys.check': { keyId: '' },
  'keys.copy': { keyId: 'k1', format: 'yaml' },
  'keys.reveal': { keyId: 'k1', extra: true },
  'keys.rotate': { keyId: 42 },
  'keys.forget': null,
  'keys.undoForget': { undoToken: '' },
  'keys.useForCli': {},
  'keys.importFromCli': { all: true },
  'keys.setUsedBy': { keyId: 'k1', usedBy: ['ok', '   '] },
  'keys.setRetired': { keyId: 'k1', retired: 'yes' },
  'keys.examples': { keyId: 'k1', secret: 'blocklet-x' },
  'keys.copyExample': { keyId: 'k1', format: 'cobol' },
  'hygiene.report': { hubId: 'h1', thresholds: { calls: 1 } },
  'playground.models': { hubId: 'h1', type: 'audio' },
  'playground.chat': { keyId: 'k1', model: 'sandbox/echo', messages: [{ role: 'user', content: 'hi' }], params: { temperature: 3 } },
  'playground.stop': {},
  'playground.image': { keyId: 'k1', model: 'sandbox/pixel', prompt: 'x', n: 50 },
  'playground.embed': { keyId: 'k1', model: 'sandbox/embed' },
  'playground.compareTexts': { keyId: 'k1', model: 'sandbox/embed', a: 1, b: 2 },
  'playground.exportCode': { format: 'cobol' },
  'conversations.list': { all: true },
  'conversations.get': {},
  'conversations.create': 'new',
  'conversations.rename': { id: 'c1' },
  'conversations.update': { title: 'x' },
  'conversations.delete': { id: 7 },
  'conversations.append': { id: 'c1', messages: 'hello' },
  'conversations.replace': { id: 'c1' },
  'conversations.search': { query: 5 },
  'conversations.export': { id: 'c1', format: 'pdf' },
  'usage.overview': { hubId: 'h1', range: { preset: '1y' } },
  'usage.models': { hubId: 'h1' },
  'usage.series': { hubId: 'h1', range: { preset: '7d' }, options: { groupBy: 'planet' } },
  'usage.calls': { hubId: 'h1', query: { pageSize: 1000 } },
  'usage.keyHints': {},
  'usage.clientVsHub': { range: { preset: '7d' } },
  'usage.exportCsv': { rows: [], columns: [] },
  'updates.status': { verbose: true },
  'updates.check': { channel: 'beta' },
  'updates.install': { force: true },
  'hubs.firstRun': { probeLocal: 'yes' },
};

describe('the contract dispatcher', () => {
  it('has a bad-payload case for every channel', () => {
    expect(Object.keys(BAD_PAYLOADS).sort()).toEqual([...REQUEST_CHANNELS].sort());
  });

  it.each(REQUEST_CHANNELS)('refuses an invalid payload on %s with a typed error, and never runs the handler', async (channel) => {
    const handlers = Object.fromEntries(REQUEST_CHANNELS.map((c) => [c, vi.fn()])) as unknown as Handlers;
    const dispatcher = createDispatcher(handlers);
    const result = await dispatcher.dispatch(channel, BAD_PAYLOADS[channel], { host: 'electron' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INVALID_INPUT');
      expect(result.error.message).not.toBe('');
    }
    expect(handlers[channel]).not.toHaveBeenCalled();
  });

  it('refuses a channel the contract does not list', async () => {
    const { dispatcher } = spiedServices();
    const result = await dispatcher.dispatch('keys.dumpAll', undefined, { host: 'electron' });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('answers app.info through the real services', async () => {
    const { dispatcher } = spiedServices();
    const result = await dispatcher.dispatch('app.info', undefined, { host: 'browser' });
    expect(result).toEqual({ ok: true, value: runtime });
  });

  it('strips fields a handler returns that the contract does not list', async () => {
    const handlers = {
      'app.info': () => ({ ...runtime, secret: 'blocklet-should-never-cross' }),
    } as unknown as Handlers;
    const result = await createDispatcher(handlers).dispatch('app.info', undefined, { host: 'browser' });
    expect(JSON.stringify(result)).not.toContain('blocklet-should-never-cross');
  });

  it('turns an AppError into its code and message, and anything else into INTERNAL without details', async () => {
    const onError = vi.fn();
    const handlers = {
      'settings.get': () => {
        throw new AppError('KEYCHAIN_UNAVAILABLE', 'The keychain is locked.', { reason: 'locked' });
      },
      'app.info': () => {
        throw new Error('ENOENT /home/someone/.secret');
      },
    } as unknown as Handlers;
    const dispatcher = createDispatcher(handlers, onError);
    expect(await dispatcher.dispatch('settings.get', undefined, { host: 'browser' })).toEqual({
      ok: false,
      error: { code: 'KEYCHAIN_UNAVAILABLE', message: 'The keychain is locked.', detail: { reason: 'locked' } },
    });
    const internal = await dispatcher.dispatch('app.info', undefined, { host: 'browser' });
    expect(internal).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(internal)).not.toContain('ENOENT');
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ channel: 'app.info', code: 'INTERNAL' }));
  });

  it('opens only http(s) links', async () => {
    const open = vi.fn(async () => true);
    const { dispatcher } = createServices({
      store: memoryStore(),
      dataDir: tmpdir(),
      shell: { openExternal: open },
      clipboard: memoryClipboard(),
      runtime,
      emit: vi.fn(),
    });
    expect(await dispatcher.dispatch('shell.openExternal', { url: 'https://hub.aigne.io/' }, { host: 'electron' })).toEqual({
      ok: true,
      value: { opened: true },
    });
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'smb://host/share', 'not a url']) {
      const r = await dispatcher.dispatch('shell.openExternal', { url }, { host: 'electron' });
      expect(r.ok).toBe(false);
    }
    expect(open).toHaveBeenCalledTimes(1);
  });
});
