import { AppError } from '../../../shared/errors';
import type { UpdateErrorReason, UpdateStatus, UpdateUnavailableReason } from '../../../shared/updates';

/** What electron-updater reports while downloading. */
export interface DownloadProgress {
  percent: number;
  transferred: number;
  total: number;
  bytesPerSecond: number;
}

/**
 * The part of electron-updater's `autoUpdater` this service drives. Kept
 * structural so the service never imports Electron and tests can stand in.
 */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  checkForUpdates(): Promise<unknown>;
  downloadUpdate(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'checking-for-update', listener: () => void): unknown;
  on(event: 'update-available' | 'update-not-available' | 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'download-progress', listener: (progress: DownloadProgress) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface UpdatesServiceDeps {
  currentVersion: string;
  /** Why this host cannot update itself until an updater is attached. */
  unavailableReason: UpdateUnavailableReason;
  settings: { get(): { checkForUpdatesOnStart: boolean } };
  /** True while a key generation or a chat stream is running: no restart then. */
  busy: () => boolean;
  onChange: (status: UpdateStatus) => void;
  now?: () => Date;
  /** How often a deferred install looks again whether the app is idle. */
  idlePollMs?: number;
  /** The check on start waits this long so it never slows the first window. */
  startDelayMs?: number;
}

// Failures with no connection at all: worded as "offline" rather than as a broken update.
const OFFLINE =
  /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|ERR_INTERNET_DISCONNECTED|ERR_NAME_NOT_RESOLVED|ERR_NETWORK_CHANGED|ERR_CONNECTION_/;
const MESSAGE_LIMIT = 300;

/**
 * Checks GitHub releases for a newer version (through electron-updater),
 * downloads it in the background, and installs it when the app quits, or on
 * the user's request once no key generation or stream is running.
 */
export class UpdatesService {
  private current: UpdateStatus;
  private updater: UpdaterLike | undefined;
  private startTimer: ReturnType<typeof setTimeout> | undefined;
  private idleTimer: ReturnType<typeof setInterval> | undefined;
  private lastEmittedPercent = -1;

  constructor(private readonly deps: UpdatesServiceDeps) {
    this.current = {
      state: 'unavailable',
      currentVersion: deps.currentVersion,
      unavailableReason: deps.unavailableReason,
      installDeferred: false,
    };
  }

  status(): UpdateStatus {
    return { ...this.current };
  }

  /** Hands the service the real updater (installed app only). */
  attach(updater: UpdaterLike): void {
    if (this.updater) return;
    this.updater = updater;
    // The service starts the download itself, so it can report which step failed.
    updater.autoDownload = false;
    updater.autoInstallOnAppQuit = true;
    updater.on('checking-for-update', () => this.set({ state: 'checking', error: undefined }));
    updater.on('update-not-available', () => this.set({ state: 'upToDate', checkedAt: this.nowIso(), error: undefined }));
    updater.on('update-available', (info) => {
      this.lastEmittedPercent = -1;
      this.set({ state: 'downloading', version: cleanVersion(info.version), percent: 0, checkedAt: this.nowIso(), error: undefined });
      updater.downloadUpdate().catch((e: unknown) => this.fail('downloadFailed', e));
    });
    updater.on('download-progress', (p) => this.progress(p));
    updater.on('update-downloaded', (info) => {
      this.set({ state: 'downloaded', version: cleanVersion(info.version), percent: 100, error: undefined });
    });
    updater.on('error', (e) => this.fail(this.current.state === 'downloading' ? 'downloadFailed' : 'checkFailed', e));
    this.current = { state: 'idle', currentVersion: this.deps.currentVersion, installDeferred: false };
    this.deps.onChange(this.status());
  }

  /** The check on start, unless the user turned it off in Settings. */
  start(): void {
    if (!this.updater || !this.deps.settings.get().checkForUpdatesOnStart) return;
    clearTimeout(this.startTimer);
    this.startTimer = setTimeout(() => void this.check(), this.deps.startDelayMs ?? 10_000);
  }

  async check(): Promise<UpdateStatus> {
    const updater = this.updater;
    if (!updater) return this.status();
    // One cycle at a time; a downloaded update stays ready to install.
    if (['checking', 'downloading', 'downloaded'].includes(this.current.state)) return this.status();
    this.set({ state: 'checking', error: undefined });
    try {
      await updater.checkForUpdates();
    } catch (e) {
      this.fail('checkFailed', e);
    }
    // electron-updater reports the outcome through its events; a silent null result means it did nothing.
    if (this.current.state === 'checking') this.set({ state: 'upToDate', checkedAt: this.nowIso() });
    return this.status();
  }

  /** Restart into the downloaded update now, or as soon as the app is idle. */
  install(): UpdateStatus {
    if (!this.updater || this.current.state !== 'downloaded') {
      throw new AppError('INVALID_INPUT', 'No update is ready to install yet. Check for updates first.', { reason: 'noUpdateReady' });
    }
    if (this.deps.busy()) {
      this.set({ installDeferred: true });
      this.waitForIdle();
      return this.status();
    }
    this.installNow();
    return this.status();
  }

  dispose(): void {
    clearTimeout(this.startTimer);
    clearInterval(this.idleTimer);
    this.startTimer = this.idleTimer = undefined;
  }

  private waitForIdle(): void {
    if (this.idleTimer) return;
    this.idleTimer = setInterval(() => {
      if (this.deps.busy()) return;
      clearInterval(this.idleTimer);
      this.idleTimer = undefined;
      this.installNow();
    }, this.deps.idlePollMs ?? 2_000);
  }

  private installNow(): void {
    try {
      this.set({ installDeferred: false });
      // Not silent (Windows shows its installer progress); start the new version afterwards.
      this.updater!.quitAndInstall(false, true);
    } catch (e) {
      this.fail('installFailed', e);
    }
  }

  private progress(p: DownloadProgress): void {
    const percent = clamp(p.percent, 0, 100);
    const next = {
      state: 'downloading' as const,
      percent,
      transferred: nonNegative(p.transferred),
      total: nonNegative(p.total),
      bytesPerSecond: nonNegative(p.bytesPerSecond),
    };
    // electron-updater reports many times a second; the page needs whole percents.
    if (Math.floor(percent) === this.lastEmittedPercent) {
      this.current = { ...this.current, ...next };
      return;
    }
    this.lastEmittedPercent = Math.floor(percent);
    this.set(next);
  }

  private fail(reason: UpdateErrorReason, e: unknown): void {
    const raw = e instanceof Error ? `${(e as NodeJS.ErrnoException).code ?? ''} ${e.message}` : String(e);
    const offline = OFFLINE.test(raw);
    const message = (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').trim().slice(0, MESSAGE_LIMIT) || 'Unknown error';
    const state = this.current.state === 'downloaded' && reason === 'checkFailed' ? 'downloaded' : 'error';
    this.set({ state, installDeferred: false, error: { reason: offline ? 'offline' : reason, message } });
  }

  private set(patch: Partial<UpdateStatus>): void {
    const next = { ...this.current, ...patch };
    for (const key of Object.keys(next) as (keyof UpdateStatus)[]) if (next[key] === undefined) delete next[key];
    this.current = next;
    this.deps.onChange(this.status());
  }

  private nowIso(): string {
    return (this.deps.now?.() ?? new Date()).toISOString();
  }
}

function clamp(n: number, min: number, max: number): number {
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : min;
}
function nonNegative(n: number): number {
  return Number.isFinite(n) && n > 0 ? n : 0;
}
function cleanVersion(v: unknown): string {
  return typeof v === 'string' ? v.slice(0, 64) : 'unknown';
}
