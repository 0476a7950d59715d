import { EventEmitter } from 'node:events';
import { tmpdir } from 'node:os';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createServices } from '../../../src/main/services';
import { memoryStore } from '../../../src/main/services/settings/store';
import { UpdatesService, type DownloadProgress, type UpdaterLike } from '../../../src/main/services/updates';
import { startUpdates } from '../../../src/main/updates';
import { updateStatusSchema, type UpdateStatus } from '../../../src/shared/updates';

/** electron-updater's autoUpdater at its boundary: events out, three calls in. */
class FakeUpdater extends EventEmitter implements UpdaterLike {
  autoDownload = true;
  autoInstallOnAppQuit = false;
  check: () => Promise<unknown> = async () => null;
  download: () => Promise<unknown> = async () => [];
  checkForUpdates = vi.fn(() => this.check());
  downloadUpdate = vi.fn(() => this.download());
  quitAndInstall = vi.fn();
}

function setup(options: { busy?: boolean; checkOnStart?: boolean } = {}) {
  let busy = options.busy ?? false;
  const seen: UpdateStatus[] = [];
  const service = new UpdatesService({
    currentVersion: '0.1.0',
    unavailableReason: 'notPackaged',
    settings: { get: () => ({ checkForUpdatesOnStart: options.checkOnStart ?? true }) },
    busy: () => busy,
    onChange: (s) => seen.push(updateStatusSchema.parse(s)),
    now: () => new Date('2026-05-01T10:00:00Z'),
    idlePollMs: 1000,
    startDelayMs: 5000,
  });
  const updater = new FakeUpdater();
  return { service, updater, seen, setBusy: (b: boolean) => void (busy = b) };
}

const progress = (percent: number, total = 80_000_000): DownloadProgress => ({
  percent,
  transferred: (total * percent) / 100,
  total,
  bytesPerSecond: 2_000_000,
});

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('updates', () => {
  it('without an updater (browser host, development run) says why, and check does nothing', async () => {
    const { service } = setup();
    expect(service.status()).toEqual({
      state: 'unavailable',
      currentVersion: '0.1.0',
      unavailableReason: 'notPackaged',
      installDeferred: false,
    });
    expect((await service.check()).state).toBe('unavailable');
    expect(() => service.install()).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', detail: { reason: 'noUpdateReady' } }));
  });

  it('the browser host answers every update channel with "not available in the browser host"', async () => {
    const emit = vi.fn();
    const { dispatcher, dispose } = createServices({
      store: memoryStore(),
      dataDir: tmpdir(),
      shell: { openExternal: async () => true },
      clipboard: { readText: () => '', writeText: () => undefined, clear: () => undefined },
      runtime: { host: 'browser', name: 'AIGNE Hub Desktop', version: '0.1.0', platform: 'linux x64', versions: { node: '20' } },
      emit,
    });
    for (const channel of ['updates.status', 'updates.check'] as const) {
      expect(await dispatcher.dispatch(channel, undefined, { host: 'browser' })).toEqual({
        ok: true,
        value: { state: 'unavailable', unavailableReason: 'browserHost', currentVersion: '0.1.0', installDeferred: false },
      });
    }
    const install = await dispatcher.dispatch('updates.install', undefined, { host: 'browser' });
    expect(install).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', detail: { reason: 'noUpdateReady' } } });
    dispose();
  });

  it('found → downloads in the background with progress → downloaded, installed when the app quits', async () => {
    const { service, updater, seen } = setup();
    updater.check = async () => {
      updater.emit('checking-for-update');
      updater.emit('update-available', { version: '0.2.0' });
      return {};
    };
    updater.download = async () => {
      for (const p of [0.4, 12.2, 12.9, 55, 100]) updater.emit('download-progress', progress(p));
      updater.emit('update-downloaded', { version: '0.2.0' });
      return [];
    };
    service.attach(updater);
    expect(updater.autoDownload).toBe(false);
    expect(updater.autoInstallOnAppQuit).toBe(true);

    await service.check();
    await vi.runAllTimersAsync();
    expect(updater.downloadUpdate).toHaveBeenCalledTimes(1);
    const downloading = seen.filter((s) => s.state === 'downloading');
    // One event per whole percent: 12.2 and 12.9 are one step.
    expect(downloading.map((s) => Math.floor(s.percent!))).toEqual([0, 0, 12, 55, 100]);
    expect(downloading.at(-1)).toMatchObject({ version: '0.2.0', total: 80_000_000, transferred: 80_000_000, bytesPerSecond: 2_000_000 });
    expect(service.status()).toMatchObject({ state: 'downloaded', version: '0.2.0', percent: 100, checkedAt: '2026-05-01T10:00:00.000Z' });
    expect(seen.map((s) => s.state)).toEqual(expect.arrayContaining(['idle', 'checking', 'downloading', 'downloaded']));
    // Nothing restarts the app by itself: the update waits for quit (autoInstallOnAppQuit).
    expect(updater.quitAndInstall).not.toHaveBeenCalled();
    // A second check while ready does not start over.
    await service.check();
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);
  });

  it('says when the app is up to date', async () => {
    const { service, updater } = setup();
    updater.check = async () => {
      updater.emit('update-not-available', { version: '0.1.0' });
      return {};
    };
    service.attach(updater);
    expect(await service.check()).toMatchObject({ state: 'upToDate', checkedAt: '2026-05-01T10:00:00.000Z' });
  });

  it('restarts into the update at once when nothing is running', () => {
    const { service, updater } = setup();
    service.attach(updater);
    updater.emit('update-downloaded', { version: '0.2.0' });
    service.install();
    expect(updater.quitAndInstall).toHaveBeenCalledWith(false, true);
  });

  it('never restarts while a key generation or a stream is running: the install waits until they end', async () => {
    const { service, updater, setBusy } = setup({ busy: true });
    service.attach(updater);
    updater.emit('update-downloaded', { version: '0.2.0' });

    expect(service.install()).toMatchObject({ state: 'downloaded', installDeferred: true });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(updater.quitAndInstall).not.toHaveBeenCalled();

    setBusy(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(updater.quitAndInstall).toHaveBeenCalledTimes(1);
    expect(service.status().installDeferred).toBe(false);
  });

  it('shows which step failed, words "offline" apart, and keeps the message short', async () => {
    const { service, updater } = setup();
    service.attach(updater);

    updater.check = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND github.com'), { code: 'ENOTFOUND' });
    };
    expect((await service.check()).error).toEqual({ reason: 'offline', message: 'getaddrinfo ENOTFOUND github.com' });
    expect(service.status().state).toBe('error');

    updater.check = async () => {
      throw new Error(`HttpError: 404 Not Found\n${'<html>'.repeat(500)}`);
    };
    const failed = await service.check();
    expect(failed.error?.reason).toBe('checkFailed');
    expect(failed.error?.message.startsWith('HttpError: 404 Not Found')).toBe(true);
    expect(failed.error!.message.length).toBeLessThanOrEqual(300);

    updater.check = async () => {
      updater.emit('update-available', { version: '0.2.0' });
      return {};
    };
    updater.download = async () => {
      updater.emit('download-progress', progress(30));
      throw new Error('sha512 checksum mismatch');
    };
    await service.check();
    await vi.runAllTimersAsync();
    expect(service.status()).toMatchObject({ state: 'error', error: { reason: 'downloadFailed', message: 'sha512 checksum mismatch' } });

    // Recovering: the next check clears the error.
    updater.check = async () => {
      updater.emit('update-not-available', { version: '0.1.0' });
      return {};
    };
    expect(await service.check()).not.toHaveProperty('error');
  });

  it('a failed restart into the update is reported, not swallowed', () => {
    const { service, updater } = setup();
    service.attach(updater);
    updater.emit('update-downloaded', { version: '0.2.0' });
    updater.quitAndInstall.mockImplementation(() => {
      throw new Error('The installer could not be started');
    });
    expect(service.install()).toMatchObject({ state: 'error', error: { reason: 'installFailed' } });
  });

  it('checks shortly after start, unless the user turned the check off', async () => {
    const on = setup({ checkOnStart: true });
    on.service.attach(on.updater);
    on.service.start();
    expect(on.updater.checkForUpdates).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(5000);
    expect(on.updater.checkForUpdates).toHaveBeenCalledTimes(1);

    const off = setup({ checkOnStart: false });
    off.service.attach(off.updater);
    off.service.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(off.updater.checkForUpdates).not.toHaveBeenCalled();
    // A check the user asks for still works.
    await off.service.check();
    expect(off.updater.checkForUpdates).toHaveBeenCalledTimes(1);
  });
});

describe('startUpdates (the Electron adapter)', () => {
  it('leaves a development run without updates and never loads electron-updater', async () => {
    const { service } = setup();
    const loadUpdater = vi.fn();
    await startUpdates({ isPackaged: false, updates: service, loadUpdater });
    expect(loadUpdater).not.toHaveBeenCalled();
    expect(service.status()).toMatchObject({ state: 'unavailable', unavailableReason: 'notPackaged' });
  });

  it('in the installed app attaches the updater and schedules the check on start', async () => {
    const { service, updater } = setup();
    await startUpdates({ isPackaged: true, updates: service, loadUpdater: async () => updater });
    expect(service.status().state).toBe('idle');
    await vi.advanceTimersByTimeAsync(5000);
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);
  });

  it('keeps the app running when electron-updater cannot be loaded, and says why in the log', async () => {
    const { service } = setup();
    const onError = vi.fn();
    await startUpdates({
      isPackaged: true,
      updates: service,
      loadUpdater: async () => {
        throw new Error('Cannot find module');
      },
      onError,
    });
    expect(onError).toHaveBeenCalledWith('Updates are off: Cannot find module');
    expect(service.status().state).toBe('unavailable');
  });
});
