import { isAppError, toErrorValue, type ErrorValue } from '../../../shared/errors';
import {
  HYGIENE_RULES,
  type AppActivity,
  type HealthSummary,
  type HubUsageSource,
  type HygieneReport,
  type HygieneReportInput,
  type KeyActivity,
  type KeyHealth,
  type KeyUsageHealth,
} from '../../../shared/hygiene';
import type { HubDTO, KeyDTO } from '../../../shared/keys';
import type { Settings } from '../../../shared/settings';
import type { KeyHint, Snapshot } from '../../../shared/usage';
import type { NotifierPort } from '../../platform/ports';
import { accessKeyDashboardUrl } from '../keys/format';
import type { KeyValueStore } from '../settings/store';
import { silentLogger, type Logger } from '../logger';
import type { UsageCallOptions } from '../usage/service';
import { activityDigest } from './activity';
import { resolveLocale } from '../../../shared/locale';
import { activityNotification, NotificationLedger, rotationNotification } from './notifications';
import { activityAlerts, activityWindows, checkIsStale, healthSummary, median, rotationStatus, type ZoneSpec } from './rules';

/** What the hygiene service needs of the keys, usage and settings services. */
export interface HygieneDeps {
  keys: { listHubs(): Promise<HubDTO[]>; listKeys(hubId?: string): Promise<KeyDTO[]> };
  usage: {
    digest(hubId: string, spec: typeof activityDigest, options?: UsageCallOptions): Promise<Snapshot<KeyActivity>>;
    keyHints(hubId: string, options?: UsageCallOptions): Promise<Snapshot<KeyHint[]>>;
  };
  settings: { get(): Settings };
  /** Where the last notification times are kept (the settings store). */
  store: KeyValueStore;
  notifier: NotifierPort;
  /** After every full check: the navigation badge follows it. */
  onChanged?: (change: { generatedAt: number; summary: HealthSummary }) => void;
  now?: () => number;
  /** The OS's languages, for notifications when the language setting follows the system. */
  systemLanguages?: () => readonly string[];
  /** Main's own IANA zone, used until a page tells the service the user's. */
  timeZone?: string;
  /** The background check runs unattended: its failures are written here. */
  logger?: Logger;
}

export interface HygieneScheduleOptions {
  /** First check after start-up. Default 20 s, so start-up is not slowed by it. */
  firstDelayMs?: number;
  /** Then every … Default one hour. */
  intervalMs?: number;
}

/** Figures younger than this are reused for a report; a refresh or the background check asks the hub again. */
const REPORT_MAX_AGE_MS = 5 * 60_000;
const CHECK_MAX_AGE_MS = 10 * 60_000;

interface Account {
  /** The key whose mirror of the call log is read (the hub's default key if it is in the account). */
  authKeyId: string;
  keyIds: Set<string>;
}

interface AccountUsage {
  activity: Map<string, AppActivity>;
  /** The instant the figures are as of, and the start of what they cover. */
  asOf: number;
  coverStart: number;
  snapshot: Snapshot<KeyActivity>;
}

interface HubUsage {
  source: HubUsageSource;
  accounts: Map<string, AccountUsage | null>;
  accountOf: Map<string, string>;
  hints: Map<string, KeyHint> | null;
}

/**
 * Key hygiene: rotation reminders, unusual activity and the list's health, on
 * top of the keys, usage and settings services. Detection runs on the usage
 * service's snapshots, so it works from the cache and the mirrored call log
 * when the hub cannot be reached (anchored at the time those figures are as of).
 */
export class HygieneService {
  private readonly deps: HygieneDeps;
  private readonly now: () => number;
  private readonly ledger: NotificationLedger;
  private zone: ZoneSpec;
  private timers: NodeJS.Timeout[] = [];
  private running: Promise<HygieneReport> | null = null;
  private lastSummary = '';

  constructor(deps: HygieneDeps) {
    this.deps = deps;
    this.now = deps.now ?? Date.now;
    this.ledger = new NotificationLedger(deps.store);
    this.zone = { timeZone: deps.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone };
  }

  /**
   * The health of every key (or one hub's), computed for all hubs so the
   * navigation badge stays true; `onChanged` gets the full summary.
   */
  async report(input: HygieneReportInput = {}): Promise<HygieneReport> {
    if (input.timeZone) this.zone = { timeZone: input.timeZone };
    // A refresh asks the hub (the one asked about, or every hub) whatever the cache holds; otherwise
    // figures up to a few minutes old are reused, so a burst of page events costs one fetch.
    const maxAge = (hubId: string) => (input.refresh && (!input.hubId || input.hubId === hubId) ? undefined : REPORT_MAX_AGE_MS);
    const full = await this.fullReport(maxAge, input.refresh === true);
    if (!input.hubId) return full;
    const keys = full.keys.filter((k) => k.hubId === input.hubId);
    return { ...full, keys, hubs: full.hubs.filter((h) => h.hubId === input.hubId), summary: healthSummary(keys) };
  }

  /** The background check: fresh figures, then at most one notification a day per kind. */
  async check(): Promise<HygieneReport> {
    const report = await this.fullReport(() => CHECK_MAX_AGE_MS, false);
    this.notify(report);
    return report;
  }

  /** Checks a little after start-up, then every hour. Timers never keep the process alive. */
  start(options: HygieneScheduleOptions = {}): void {
    this.stop();
    const run = () => void this.check().catch((e: unknown) => (this.deps.logger ?? silentLogger).warn('hygiene check failed', e));
    const first = setTimeout(run, options.firstDelayMs ?? 20_000);
    const every = setInterval(run, options.intervalMs ?? 60 * 60_000);
    first.unref();
    every.unref();
    this.timers = [first, every];
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
  }

  // ---- internals ----

  /**
   * One computation at a time: callers that may reuse recent figures share the
   * one running; a refresh waits for it and then asks the hub itself.
   */
  private async fullReport(maxAgeMs: (hubId: string) => number | undefined, fresh: boolean): Promise<HygieneReport> {
    if (this.running && !fresh) return this.running;
    while (this.running) await this.running.catch(() => undefined);
    const run = this.compute(maxAgeMs).finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return run;
  }

  private async compute(maxAgeMs: (hubId: string) => number | undefined): Promise<HygieneReport> {
    const settings = this.deps.settings.get();
    const now = this.now();
    const hubs = await this.deps.keys.listHubs();
    const keys: KeyHealth[] = [];
    const sources: HubUsageSource[] = [];
    for (const hub of hubs) {
      let hubKeys: KeyDTO[];
      try {
        hubKeys = await this.deps.keys.listKeys(hub.id);
      } catch (e) {
        // The hub was removed while the report ran: it simply is not in it.
        if (isAppError(e) && e.code === 'NOT_FOUND') continue;
        throw e;
      }
      const usage = await this.hubUsage(hub, hubKeys, maxAgeMs(hub.id));
      sources.push(usage.source);
      for (const key of hubKeys) keys.push(this.keyHealth(key, usage, settings, now));
    }
    const summary = healthSummary(keys);
    const report: HygieneReport = {
      generatedAt: now,
      keys,
      hubs: sources,
      summary,
      rules: {
        rotationPeriodDays: settings.rotationPeriodDays,
        alertCallsPer24h: settings.alertCallsPer24h,
        alertCreditsPer24h: settings.alertCreditsPer24h,
        spikeFactor: HYGIENE_RULES.spikeFactor,
        historyDays: HYGIENE_RULES.historyDays,
        minSpikeCalls: HYGIENE_RULES.minSpikeCalls,
        minHistoryDays: HYGIENE_RULES.minHistoryDays,
        staleCheckDays: HYGIENE_RULES.staleCheckDays,
      },
    };
    // Only a changed summary is news: pages re-render on every event.
    const json = JSON.stringify(summary);
    if (json !== this.lastSummary) {
      this.lastSummary = json;
      this.deps.onChanged?.({ generatedAt: now, summary });
    }
    return report;
  }

  /**
   * A hub's keys grouped by the hub account they belong to (as their last
   * check saw it): each account's call log is read once, with one of its keys.
   */
  private accounts(hub: HubDTO, keys: readonly KeyDTO[]): Map<string, Account> {
    const accounts = new Map<string, Account>();
    for (const key of keys) {
      if (!key.accessKeyId) continue;
      const account = key.lastCheck?.user ? `user:${key.lastCheck.user}` : `key:${key.id}`;
      const entry = accounts.get(account) ?? { authKeyId: key.id, keyIds: new Set<string>() };
      entry.keyIds.add(key.id);
      if (key.id === hub.defaultKeyId) entry.authKeyId = key.id;
      accounts.set(account, entry);
    }
    return accounts;
  }

  private async hubUsage(hub: HubDTO, keys: readonly KeyDTO[], maxAgeMs: number | undefined): Promise<HubUsage> {
    const dashboardUrl = accessKeyDashboardUrl(hub.origin);
    const result: HubUsage = {
      source: { hubId: hub.id, dashboardUrl, source: 'none', asOf: null, stale: false },
      accounts: new Map(),
      accountOf: new Map(),
      hints: null,
    };
    const accounts = this.accounts(hub, keys);
    if (accounts.size === 0) return result;
    let error: ErrorValue | undefined;
    for (const [name, account] of accounts) {
      for (const keyId of account.keyIds) result.accountOf.set(keyId, name);
      try {
        const snapshot = await this.deps.usage.digest(hub.id, activityDigest, { keyId: account.authKeyId, maxAgeMs });
        const asOf = Math.min(snapshot.data.end, snapshot.fetchedAt);
        result.accounts.set(name, {
          activity: new Map(snapshot.data.apps.map((a) => [a.appDid, a])),
          asOf,
          coverStart: snapshot.data.start,
          snapshot,
        });
        const src = result.source;
        // The hub's figures are as old as its oldest account's.
        if (src.asOf === null || asOf < src.asOf) {
          result.source = {
            hubId: hub.id,
            dashboardUrl,
            source: snapshot.source,
            asOf,
            stale: snapshot.stale || src.stale,
            ...(snapshot.error ? { error: snapshot.error } : {}),
          };
        }
      } catch (e) {
        if (isAppError(e) && e.code === 'CANCELLED') throw e;
        result.accounts.set(name, null);
        error = toErrorValue(e);
      }
    }
    if (result.source.source === 'none' && error) result.source = { ...result.source, error };
    try {
      const hints = await this.deps.usage.keyHints(hub.id, { maxAgeMs });
      result.hints = new Map(hints.data.map((h) => [h.keyId, h]));
    } catch (e) {
      (this.deps.logger ?? silentLogger).info(`key hints unavailable for hub ${hub.id}`, e);
      result.hints = null;
    }
    return result;
  }

  private keyHealth(key: KeyDTO, usage: HubUsage, settings: Settings, now: number): KeyHealth {
    const retiredAt = key.retiredAt ? Date.parse(key.retiredAt) : null;
    const lastCheckAt = key.lastCheck ? Date.parse(key.lastCheck.at) : null;
    const usedBy = key.usedBy ?? [];
    let usageHealth: KeyUsageHealth;
    let alerts: KeyHealth['alerts'] = [];
    const account = usage.accounts.get(usage.accountOf.get(key.id) ?? '');
    if (!key.accessKeyId) {
      usageHealth = { status: 'no-access-key-id' };
    } else if (!account) {
      usageHealth = { status: 'unavailable' };
    } else {
      const app = account.activity.get(key.accessKeyId);
      const created = Date.parse(key.createdAt);
      // The key existed at least since it was added here, or since its first call if that was earlier.
      const existedSince = Math.min(created, app?.firstCallAt ?? Infinity);
      const windows = activityWindows(app?.buckets ?? [], account.asOf, Math.max(existedSince, account.coverStart));
      const hint = usage.hints?.get(key.id);
      const lastUsedAt = maxOrNull(app?.lastCallAt ?? null, hint?.lastUsedAt ?? null);
      alerts = activityAlerts(
        { last24h: windows.last24h, history: windows.history, lastUsedAt, retiredAt },
        { callsPer24h: settings.alertCallsPer24h, creditsPer24h: settings.alertCreditsPer24h },
      );
      const enough = windows.history.length >= HYGIENE_RULES.minHistoryDays;
      usageHealth = {
        status: 'known',
        calls24h: windows.last24h.calls,
        credits24h: windows.last24h.credits,
        medianCalls: enough ? median(windows.history.map((d) => d.calls)) : null,
        medianCredits: enough ? median(windows.history.map((d) => d.credits)) : null,
        historyDays: windows.history.length,
        lastUsedAt,
        lastUseKnown: lastUsedAt !== null || (hint !== undefined && hint.calls30d !== null),
      };
    }
    return {
      keyId: key.id,
      hubId: key.hubId,
      name: key.name,
      ...(key.accessKeyId ? { accessKeyId: key.accessKeyId } : {}),
      rotation: rotationStatus({ createdAt: key.createdAt, retiredAt }, now, settings.rotationPeriodDays, this.zone),
      usage: usageHealth,
      alerts,
      usedBy,
      shared: usedBy.length > 1,
      retiredAt,
      lastCheckAt,
      checkStale: checkIsStale(lastCheckAt, now),
    };
  }

  /** At most one notification a day per kind, only when the user allows them, and never with a key in it. */
  private notify(report: HygieneReport): void {
    const settings = this.deps.settings.get();
    if (!settings.notifications) return;
    const now = this.now();
    const locale = resolveLocale(settings.language, this.deps.systemLanguages?.() ?? [Intl.DateTimeFormat().resolvedOptions().locale]);
    const due = report.keys.filter((k) => k.rotation.status === 'due');
    if (due.length > 0 && this.ledger.mayNotify('rotation', now)) {
      const text = rotationNotification(due, locale);
      this.deps.notifier.notify(text.title, text.body);
      this.ledger.record('rotation', now);
    }
    const alerted = report.keys.filter((k) => k.alerts.length > 0);
    if (alerted.length > 0 && this.ledger.mayNotify('activity', now)) {
      const text = activityNotification(alerted, locale);
      this.deps.notifier.notify(text.title, text.body);
      this.ledger.record('activity', now);
    }
  }
}

function maxOrNull(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}
