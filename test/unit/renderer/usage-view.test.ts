import { describe, expect, it } from 'vitest';
import { NO_FILTERS, UsageViewStore, type UsageApi } from '../../../src/renderer/store/usage-view';
import type { HubDTO, KeyDTO } from '../../../src/shared/keys';

const HUB = { id: 'h1', name: 'Hub', keyCount: 2 } as unknown as HubDTO;
const KEYS = [
  { id: 'k1', hubId: 'h1', name: 'Reader', isDefault: true, accessKeyId: 'ak-reader' },
  { id: 'k2', hubId: 'h1', name: 'Laptop', isDefault: false, accessKeyId: 'ak-laptop' },
] as unknown as KeyDTO[];

interface Deferred {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  input: unknown;
}

/** A hub API whose usage answers wait until the test releases them; every call is recorded. */
function fakeApi() {
  const pending: Record<string, Deferred[]> = {};
  const asked: { channel: string; input: unknown }[] = [];
  const listeners = new Map<string, (p: unknown) => void>();
  const wait = (channel: string) => (input: unknown) =>
    new Promise((resolve, reject) => {
      asked.push({ channel, input });
      (pending[channel] ??= []).push({ resolve, reject, input });
    });
  const api = {
    hubs: { list: async () => [HUB] },
    keys: { list: async () => KEYS },
    usage: {
      models: wait('models'),
      overview: wait('overview'),
      clientVsHub: wait('cvh'),
      series: wait('series'),
      calls: wait('calls'),
    },
    on: (event: string, listener: (p: unknown) => void) => {
      listeners.set(event, listener);
      return () => listeners.delete(event);
    },
  } as unknown as UsageApi;
  /** Answers every waiting call of a channel with `value(input)`. */
  const answer = async (channel: string, value: (input: never) => unknown) => {
    for (const d of pending[channel]?.splice(0) ?? []) d.resolve(value(d.input as never));
    await settle();
  };
  const fail = async (channel: string, error: unknown) => {
    for (const d of pending[channel]?.splice(0) ?? []) d.reject(error);
    await settle();
  };
  return { api, answer, fail, asked, listeners };
}

const settle = () => new Promise((r) => setTimeout(r, 0));
const snap = <T>(data: T) => ({ data, source: 'live', fetchedAt: 1, stale: false });
const totals = (calls: number) => ({ calls, successCalls: calls, failedCalls: 0, inputTokens: 0, outputTokens: 0, credits: 0 });
const models = (calls: number) => snap({ rows: [], totals: totals(calls) });
const overview = (calls: number) => snap({ keys: [], totals: totals(calls), quota: null });
const series = (input: { options: { metric: string } }) => snap({ metric: input.options.metric, series: [], total: [] });
const page = (total: number) => snap({ records: [], total, page: 1, pageSize: 25 });

/** Answers a whole scope: models first (the call log syncs), then everything else. */
async function answerScope(fake: ReturnType<typeof fakeApi>, calls: number) {
  await fake.answer('models', () => models(calls));
  await fake.answer('overview', () => overview(calls));
  await fake.answer('cvh', () => snap({ rows: [] }));
  await fake.answer('series', series);
  await fake.answer('calls', () => page(calls));
}

describe('the usage view store', () => {
  it('loads the hub, its keys and the default range, then shows every figure of it at once', async () => {
    const fake = fakeApi();
    const view = new UsageViewStore(fake.api);
    const opening = view.open();
    await settle();
    expect(view.getSnapshot()).toMatchObject({ hubId: 'h1', loading: true, figures: null });
    await answerScope(fake, 90);
    await opening;
    const s = view.getSnapshot();
    expect(s.loading).toBe(false);
    expect(s.figures?.models.data.totals.calls).toBe(90);
    expect(s.figures?.overview?.data.totals.calls).toBe(90);
    expect(s.calls.data?.data.total).toBe(90);
    expect(Object.keys(s.series.data ?? {})).toHaveLength(6);
  });

  it('keeps the previous figures until those of the new range are in, and never mixes the two', async () => {
    const fake = fakeApi();
    const view = new UsageViewStore(fake.api);
    void view.open();
    await settle();
    await answerScope(fake, 9060);

    void view.selectRange({ kind: 'preset', preset: '24h' });
    await settle();
    expect(view.getSnapshot().loading).toBe(true);
    // The per-model view and the overview of the new range are in, the comparison is not: nothing of it shows yet.
    await fake.answer('models', () => models(0));
    await fake.answer('overview', () => overview(0));
    let s = view.getSnapshot();
    expect(s.loading).toBe(true);
    expect(s.figures?.models.data.totals.calls).toBe(9060);
    expect(s.figures?.overview?.data.totals.calls).toBe(9060);
    expect(s.calls.data?.data.total).toBe(9060);
    expect(s.series.data).not.toBeNull();

    // Cards and tables swap together; the old charts and call page leave with them.
    await fake.answer('cvh', () => snap({ rows: [] }));
    s = view.getSnapshot();
    expect(s.loading).toBe(false);
    expect(s.figures?.choice).toEqual({ kind: 'preset', preset: '24h' });
    expect(s.figures?.models.data.totals.calls).toBe(0);
    expect(s.figures?.overview?.data.totals.calls).toBe(0);
    expect(s.series).toEqual({ data: null, loading: true, error: null });
    expect(s.calls).toEqual({ data: null, loading: true, error: null });

    await fake.answer('series', series);
    await fake.answer('calls', () => page(0));
    s = view.getSnapshot();
    expect(s.calls.data?.data.total).toBe(0);
    expect(s.series.loading).toBe(false);
  });

  it('drops the answers of a range the user already left', async () => {
    const fake = fakeApi();
    const view = new UsageViewStore(fake.api);
    void view.open();
    await settle();
    void view.selectRange({ kind: 'preset', preset: '7d' });
    await settle();
    // Both scopes asked for the per-model view; the older answer arrives with the newer one.
    await answerScope(fake, 7);
    expect(view.getSnapshot().figures?.choice).toEqual({ kind: 'preset', preset: '7d' });
  });

  it('refuses a custom range that reaches past today, and asks for nothing', async () => {
    const fake = fakeApi();
    const view = new UsageViewStore(fake.api);
    void view.open();
    await settle();
    await answerScope(fake, 5);
    const before = fake.asked.length;
    const tomorrow = new Date(Date.now() + 86_400_000);
    const day = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;
    await view.selectRange({ kind: 'custom', from: '2024-01-01', to: day });
    expect(fake.asked.length).toBe(before);
    expect(view.getSnapshot().choice).toEqual({ kind: 'preset', preset: '30d' });
  });

  it('a filter reloads only the call log, from page 1, keeping the rows on screen meanwhile', async () => {
    const fake = fakeApi();
    const view = new UsageViewStore(fake.api);
    void view.open();
    await settle();
    await answerScope(fake, 50);
    void view.setPage(2);
    await fake.answer('calls', () => page(50));
    void view.setFilters({ ...NO_FILTERS, status: 'failed' });
    await settle();
    const s = view.getSnapshot();
    expect(s.page).toBe(1);
    expect(s.calls).toMatchObject({ loading: true });
    expect(s.calls.data).not.toBeNull();
    const last = fake.asked.filter((a) => a.channel === 'calls').at(-1)?.input as { query: { status?: string; page: number } };
    expect(last.query).toMatchObject({ status: 'failed', page: 1 });
    expect(fake.asked.filter((a) => a.channel === 'models')).toHaveLength(1);
  });

  it('opened from the Keys page with a key id, filters the charts and the call log to that key', async () => {
    const fake = fakeApi();
    const view = new UsageViewStore(fake.api);
    void view.open(new URLSearchParams('hubId=h1&keyId=k2'));
    await settle();
    const s = view.getSnapshot();
    expect(s.filters.appDid).toBe('ak-laptop');
    expect(s.groupBy).toBe('key');
    await fake.answer('models', () => models(3));
    await fake.answer('overview', () => overview(3));
    await fake.answer('cvh', () => snap({ rows: [] }));
    const calls = fake.asked.find((a) => a.channel === 'calls')?.input as { query: { appDid?: string } };
    expect(calls.query.appDid).toBe('ak-laptop');
    // The reading key stays the hub's default: the link filters, it does not switch accounts.
    expect(s.keyId).toBe('');
  });

  it('a failed range says so instead of showing the previous figures as if they were its own', async () => {
    const fake = fakeApi();
    const view = new UsageViewStore(fake.api);
    void view.open();
    await settle();
    await answerScope(fake, 12);
    void view.selectRange({ kind: 'preset', preset: '90d' });
    await settle();
    await fake.fail('models', Object.assign(new Error('down'), { code: 'HUB_UNREACHABLE' }));
    const s = view.getSnapshot();
    expect(s.loading).toBe(false);
    expect(s.error).toMatchObject({ code: 'HUB_UNREACHABLE' });
    expect(s.figures).toBeNull();
  });

  it('remembers the range and grouping (no figures) for the next visit', async () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    const fake = fakeApi();
    const view = new UsageViewStore(fake.api, storage);
    void view.open();
    await settle();
    await answerScope(fake, 1);
    void view.selectRange({ kind: 'preset', preset: '7d' });
    void view.setGroupBy('key');
    const saved = JSON.parse(store.get('aigne-hub-desktop.usage') ?? '{}') as Record<string, unknown>;
    expect(saved).toEqual({ hubId: 'h1', range: '7d', groupBy: 'key' });
    expect(new UsageViewStore(fakeApi().api, storage).getSnapshot()).toMatchObject({
      choice: { kind: 'preset', preset: '7d' },
      groupBy: 'key',
    });
  });
});
