import { describe, expect, it } from 'vitest';
import { ActionErrorStore, createKeyActions } from '../../../src/renderer/actions/keys';
import { KeysData, type DataApi } from '../../../src/renderer/store/keys-data';
import { translator } from '../../../src/renderer/i18n';
import type { HubDTO, KeyDTO } from '../../../src/shared/keys';

const HUB = { id: 'h1', name: 'Hub', keyCount: 2, defaultKeyId: 'k1' } as unknown as HubDTO;
const key = (id: string): KeyDTO => ({ id, hubId: 'h1', name: `Key ${id}` }) as unknown as KeyDTO;

/** A hub API whose mutations announce `keys.changed` once, as main does; every call is counted. */
function fakeApi(opts: { keys?: KeyDTO[]; failHints?: boolean } = {}) {
  const calls: Record<string, number> = {};
  const count = (name: string) => (calls[name] = (calls[name] ?? 0) + 1);
  const listeners = new Set<() => void>();
  let keys = opts.keys ?? [key('k1'), key('k2')];
  const changed = () => listeners.forEach((l) => l());
  const settingsListeners = new Set<(s: unknown) => void>();
  let settings = { rotationPeriodDays: 90, alertCallsPer24h: 1000, alertCreditsPer24h: 100, theme: 'system' };
  const changeSettings = (patch: Record<string, unknown>) => {
    settings = { ...settings, ...patch };
    settingsListeners.forEach((l) => l(settings));
  };
  const api = {
    hubs: {
      list: async () => (count('hubs.list'), [HUB]),
      setDefaultKey: async () => (count('hubs.setDefaultKey'), changed(), HUB),
    },
    keys: {
      list: async () => (count('keys.list'), keys),
      forget: async ({ keyId }: { keyId: string }) => {
        count('keys.forget');
        keys = keys.filter((k) => k.id !== keyId);
        changed();
        return { undoToken: 'u', expiresAt: new Date(Date.now() + 10_000).toISOString() };
      },
      setRetired: async () => {
        count('keys.setRetired');
        throw Object.assign(new Error('That key is no longer in your list.'), {
          code: 'NOT_FOUND',
          detail: { reason: 'keyNotListed' },
        });
      },
    },
    usage: {
      keyHints: async () => {
        count('usage.keyHints');
        if (opts.failHints) throw new Error('no');
        return { data: [{ keyId: 'k1', name: 'Key k1', lastUsedAt: 1, calls30d: 3 }] };
      },
    },
    hygiene: { report: async () => (count('hygiene.report'), { keys: [], hubs: [], summary: {} }) },
    settings: { get: async () => settings },
    on: (event: string, listener: (payload?: unknown) => void) => {
      const set = event === 'keys.changed' ? listeners : event === 'settings.changed' ? settingsListeners : null;
      if (!set) return () => undefined;
      set.add(listener);
      return () => set.delete(listener);
    },
  } as unknown as DataApi;
  return { api, calls, changeSettings, reset: () => Object.keys(calls).forEach((k) => delete calls[k]) };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('the shared keys data', () => {
  it('loads the hub list, its keys, hints and report once on start', async () => {
    const { api, calls } = fakeApi();
    const data = new KeysData(api);
    await data.start();
    expect(calls).toEqual({ 'hubs.list': 1, 'keys.list': 1, 'usage.keyHints': 1, 'hygiene.report': 1 });
    expect(data.keys.getSnapshot().keys.map((k) => k.id)).toEqual(['k1', 'k2']);
    expect(data.hints.getSnapshot().hints.get('k1')?.calls30d).toBe(3);
  });

  it('a key action reloads each list exactly once, and confirms with one toast', async () => {
    const { api, calls, reset } = fakeApi();
    const data = new KeysData(api);
    await data.start();
    reset();
    const toasts: string[] = [];
    const actions = createKeyActions({
      api: api as never,
      t: translator('en'),
      toast: (x) => toasts.push(x.text),
      errors: new ActionErrorStore(),
    });
    await actions.forget(key('k2'));
    await settle();
    expect(calls).toEqual({ 'keys.forget': 1, 'hubs.list': 1, 'keys.list': 1, 'usage.keyHints': 1, 'hygiene.report': 1 });
    expect(data.keys.getSnapshot().keys.map((k) => k.id)).toEqual(['k1']);
    expect(toasts).toEqual(['Forgot “Key k2”.']);

    reset();
    await actions.makeDefault(key('k1'));
    await settle();
    expect(calls['hubs.list']).toBe(1);
    expect(calls['keys.list']).toBe(1);
  });

  it('a failed action lands in the error store, worded later by ErrorNotice, and no toast is shown', async () => {
    const { api } = fakeApi();
    const errors = new ActionErrorStore();
    const toasts: string[] = [];
    const actions = createKeyActions({ api: api as never, t: translator('en'), toast: (x) => toasts.push(x.text), errors });
    expect(await actions.setRetired(key('k1'), true)).toBe(false);
    expect(errors.getSnapshot().error).toMatchObject({ code: 'NOT_FOUND', detail: { reason: 'keyNotListed' } });
    expect(toasts).toEqual([]);
  });

  it('selecting a hub never rejects, and a hub without keys is not asked for hints', async () => {
    const { api, calls } = fakeApi({ keys: [] });
    const data = new KeysData(api);
    await data.start();
    await expect(data.select('h1')).resolves.toBeUndefined();
    expect(calls['usage.keyHints']).toBeUndefined();
  });

  it('a failed hint lookup only hides the hints', async () => {
    const { api } = fakeApi({ failHints: true });
    const data = new KeysData(api);
    await data.start();
    expect(data.hints.getSnapshot().hints.size).toBe(0);
    expect(data.keys.getSnapshot().keys).toHaveLength(2);
  });

  it('a hub with keys but no default key is still asked for hints, once', async () => {
    const { api, calls } = fakeApi();
    (api.hubs as { list: unknown }).list = async () => (
      (calls['hubs.list'] = (calls['hubs.list'] ?? 0) + 1),
      [{ ...HUB, defaultKeyId: null }]
    );
    const data = new KeysData(api);
    await data.start();
    expect(calls['usage.keyHints']).toBe(1);
    expect(data.hints.getSnapshot().hints.get('k1')?.calls30d).toBe(3);
  });

  it('a hygiene setting change reloads only the report; a theme change reloads nothing', async () => {
    const { api, calls, reset, changeSettings } = fakeApi();
    const data = new KeysData(api);
    await data.start();
    await settle();
    reset();
    changeSettings({ theme: 'dark' });
    await settle();
    expect(calls).toEqual({});
    changeSettings({ rotationPeriodDays: 30 });
    await settle();
    expect(calls).toEqual({ 'hygiene.report': 1 });
    data.stop();
    changeSettings({ rotationPeriodDays: 60 });
    await settle();
    expect(calls).toEqual({ 'hygiene.report': 1 });
  });
});

describe('Check now', () => {
  it('refreshes the report and then the hints, so "calls in 30 days" is not left stale', async () => {
    const { api, calls, reset } = fakeApi();
    const data = new KeysData(api);
    await data.start();
    reset();
    await data.refreshHealth();
    expect(calls).toEqual({ 'hygiene.report': 1, 'usage.keyHints': 1 });
  });
});
