import { describe, expect, it } from 'vitest';
import { createSettingsActions, SaveStatusStore } from '../../../src/renderer/actions/settings';
import { SettingsPageStore, type SettingsApi } from '../../../src/renderer/store/settings';
import { HubCallError } from '../../../src/shared/client';
import type { UpdateStatus } from '../../../src/shared/updates';

function fakeApi() {
  const listeners = new Map<string, (payload: unknown) => void>();
  const calls: string[] = [];
  const status = (state: UpdateStatus['state']): UpdateStatus => ({ state, currentVersion: '1.0.0' }) as UpdateStatus;
  const api = {
    on: (event: string, listener: (payload: unknown) => void) => {
      listeners.set(event, listener);
      return () => listeners.delete(event);
    },
    app: { info: async () => ({ name: 'App', version: '1.0.0', host: 'browser', platform: 'linux', versions: { node: '20' } }) },
    updates: {
      status: async () => (calls.push('status'), status('idle')),
      check: async () => (calls.push('check'), status('checking')),
      install: async () => {
        calls.push('install');
        throw new HubCallError({ code: 'INVALID_INPUT', message: 'No update', detail: { reason: 'noUpdateReady' } });
      },
    },
    keychain: { useSystemKeychain: async () => ({ ok: true, tier: 'os-keychain' }) },
  } as unknown as SettingsApi;
  return { api, listeners, calls, status };
}

describe('the Settings page store', () => {
  it('loads the app facts and the update status once, then follows update events', async () => {
    const { api, listeners, calls, status } = fakeApi();
    const store = new SettingsPageStore(api);
    const off = store.open();
    await expect.poll(() => store.getSnapshot().about?.version).toBe('1.0.0');
    expect(store.getSnapshot().updates?.state).toBe('idle');
    listeners.get('updates.changed')?.(status('downloading'));
    expect(store.getSnapshot().updates?.state).toBe('downloading');
    off();
    expect(listeners.has('updates.changed')).toBe(false);
    expect(calls).toEqual(['status']);
  });

  it('keeps a failed update action as an error for the notice, and clears it on the next try', async () => {
    const { api } = fakeApi();
    const store = new SettingsPageStore(api);
    await store.runUpdate('install');
    expect(store.getSnapshot().updatesError).toMatchObject({ code: 'INVALID_INPUT', detail: { reason: 'noUpdateReady' } });
    await store.runUpdate('check');
    expect(store.getSnapshot()).toMatchObject({ updatesError: null, updates: { state: 'checking' } });
  });
});

describe('saving a setting', () => {
  it('records which section was saved, or why not, without any text', async () => {
    const status = new SaveStatusStore();
    const sent: unknown[] = [];
    let fail = false;
    const { save } = createSettingsActions({
      update: async (patch) => {
        if (fail) throw new HubCallError({ code: 'INVALID_INPUT', message: 'bad' });
        sent.push(patch);
      },
      status,
    });
    expect(await save('safety', { clipboardClearSeconds: 45 })).toBe(true);
    expect(status.getSnapshot()).toEqual({ section: 'safety', error: null });
    fail = true;
    expect(await save('appearance', { theme: 'dark' })).toBe(false);
    expect(status.getSnapshot()).toMatchObject({ section: 'appearance', error: { code: 'INVALID_INPUT' } });
    expect(sent).toEqual([{ clipboardClearSeconds: 45 }]);
  });
});
