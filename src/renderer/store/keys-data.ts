import type { HubApi } from '../../shared/client';
import type { HygieneReport } from '../../shared/hygiene';
import type { HubDTO, KeychainHealth, KeyDTO, SecretStoreTier } from '../../shared/keys';
import type { KeyHint } from '../../shared/usage';
import { ExternalStore } from './external-store';
import { watchHygieneSettings } from './hygiene-settings';

/** The calls the shared data needs: a real client, or a fake in unit tests. */
export type DataApi = Pick<HubApi, 'hubs' | 'keys' | 'usage' | 'hygiene' | 'settings' | 'keychain' | 'on'>;

/** The hub list, and which hub is on screen. */
export class HubsStore extends ExternalStore<{ hubs: HubDTO[] | null; selectedId: string | null; error: unknown }> {
  constructor(private readonly api: DataApi) {
    super({ hubs: null, selectedId: null, error: null });
  }

  get selected(): HubDTO | null {
    const { hubs, selectedId } = this.state;
    return hubs?.find((h) => h.id === selectedId) ?? hubs?.[0] ?? null;
  }

  select(id: string | null): void {
    this.set({ selectedId: id });
  }

  async load(): Promise<void> {
    try {
      const hubs = await this.api.hubs.list();
      const selectedId = hubs.find((h) => h.id === this.state.selectedId)?.id ?? hubs[0]?.id ?? null;
      this.set({ hubs, selectedId, error: null });
    } catch (error) {
      this.set({ hubs: this.state.hubs ?? [], error });
    }
  }
}

/** The keys of one hub. A failure is kept as state, never thrown at a click handler. */
export class KeysStore extends ExternalStore<{ hubId: string | null; keys: KeyDTO[]; error: unknown }> {
  constructor(private readonly api: DataApi) {
    super({ hubId: null, keys: [], error: null });
  }

  async load(hubId: string | null = this.state.hubId): Promise<void> {
    if (hubId !== this.state.hubId) this.set({ hubId, keys: [], error: null });
    if (!hubId) return;
    try {
      const keys = await this.api.keys.list({ hubId });
      if (this.state.hubId === hubId) this.set({ keys, error: null });
    } catch (error) {
      if (this.state.hubId === hubId) this.set({ error });
    }
  }

  /** One key changed (a check): no need to ask for the whole list. */
  replace(key: KeyDTO): void {
    this.set({ keys: this.state.keys.map((k) => (k.id === key.id ? key : k)) });
  }
}

/** When each key was last used: a nicety, so a failure only hides the hints. */
export class KeyHintsStore extends ExternalStore<{ hubId: string | null; hints: ReadonlyMap<string, KeyHint> }> {
  constructor(private readonly api: DataApi) {
    super({ hubId: null, hints: new Map() });
  }

  async load(hubId: string | null, hasKeys: boolean): Promise<void> {
    if (hubId !== this.state.hubId) this.set({ hubId, hints: new Map() });
    // A hub without keys has nothing to ask about (and the hub would answer NOT_FOUND).
    if (!hubId || !hasKeys) return;
    try {
      const snapshot = await this.api.usage.keyHints({ hubId });
      if (this.state.hubId === hubId) this.set({ hints: new Map(snapshot.data.map((h) => [h.keyId, h])) });
    } catch {
      if (this.state.hubId === hubId) this.set({ hints: new Map() });
    }
  }
}

/** Where keys live right now (system keychain or vault file): every sentence about it reads this. */
export class KeychainStore extends ExternalStore<{ health: KeychainHealth | null }> {
  constructor(private readonly api: DataApi) {
    super({ health: null });
  }

  /** The active tier; the system keychain until the check says otherwise. */
  get tier(): SecretStoreTier {
    const { health } = this.state;
    return health?.ok ? health.tier : 'os-keychain';
  }

  setHealth(health: KeychainHealth | null): void {
    this.set({ health });
  }

  async check(): Promise<void> {
    this.set({ health: null });
    try {
      this.set({ health: await this.api.keychain.health() });
    } catch (error) {
      this.set({ health: { ok: false, reason: 'unknown', message: error instanceof Error ? error.message : String(error) } });
    }
  }
}

/** The key-hygiene report of the hub on screen. */
export class HygieneStore extends ExternalStore<{ hubId: string | null; report: HygieneReport | null; error: unknown; loading: boolean }> {
  constructor(
    private readonly api: DataApi,
    private readonly timeZone: () => string | undefined = () => undefined,
  ) {
    super({ hubId: null, report: null, error: null, loading: false });
  }

  async load(hubId: string | null, refresh = false): Promise<void> {
    if (hubId !== this.state.hubId) this.set({ hubId, report: null, error: null });
    if (!hubId) return;
    this.set({ loading: true });
    try {
      const tz = this.timeZone();
      const report = await this.api.hygiene.report({ hubId, ...(tz ? { timeZone: tz } : {}), ...(refresh ? { refresh } : {}) });
      if (this.state.hubId === hubId) this.set({ report, error: null });
    } catch (error) {
      if (this.state.hubId === hubId) this.set({ error });
    } finally {
      if (this.state.hubId === hubId) this.set({ loading: false });
    }
  }
}

/**
 * What the Keys page and the others share, fed by one subscription to `keys.changed`:
 * an action only makes its call, and main's change event reloads each list exactly once.
 */
export class KeysData {
  readonly hubs: HubsStore;
  readonly keys: KeysStore;
  readonly hints: KeyHintsStore;
  readonly hygiene: HygieneStore;
  readonly keychain: KeychainStore;
  private offs: (() => void)[] | null = null;

  constructor(
    private readonly api: DataApi,
    timeZone?: () => string | undefined,
  ) {
    this.hubs = new HubsStore(api);
    this.keys = new KeysStore(api);
    this.hints = new KeyHintsStore(api);
    this.hygiene = new HygieneStore(api, timeZone);
    this.keychain = new KeychainStore(api);
  }

  /** Starts listening (idempotent) and loads everything once. */
  start(): Promise<void> {
    this.offs ??= [
      this.api.on('keys.changed', () => void this.reload()),
      watchHygieneSettings(this.api, () => void this.hygiene.load(this.hubs.selected?.id ?? null)),
    ];
    return this.reload(true);
  }

  stop(): void {
    this.offs?.forEach((off) => off());
    this.offs = null;
  }

  /** Reloads the hub list, then the selected hub's keys, hints and report. */
  async reload(fresh = false): Promise<void> {
    await this.hubs.load();
    await this.loadSelected(fresh);
  }

  /** Shows another hub; errors land in the stores, so the click never sees a rejection. */
  async select(hubId: string): Promise<void> {
    this.hubs.select(hubId);
    await this.loadSelected(true);
  }

  /** "Check now": a fresh report, then the hints it refreshed, so "calls in 30 days" is not left stale. */
  async refreshHealth(): Promise<void> {
    const id = this.hubs.selected?.id ?? null;
    await this.hygiene.load(id, true);
    await this.hints.load(id, this.keys.getSnapshot().keys.length > 0);
  }

  private async loadSelected(fresh: boolean): Promise<void> {
    const hub = this.hubs.selected;
    const id = hub?.id ?? null;
    await this.keys.load(id);
    const hasKeys = this.keys.getSnapshot().keys.length > 0;
    await Promise.all([this.hints.load(id, hasKeys), this.hygiene.load(hasKeys ? id : null, fresh)]);
  }
}
