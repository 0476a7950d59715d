import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSandboxHub, type SandboxHub } from '../../../sandbox-hub/index';
import { createServices, type Services } from '../../../src/main/services';
import type { UpdaterLike } from '../../../src/main/services/updates';
import { memoryStore } from '../../../src/main/services/settings/store';
import { MemorySecretStore } from '../../unit/keys/support/memory-secret-store';

/**
 * The real services wired as the hosts wire them: a key generation waiting on the
 * hub's approval page counts as busy, so "Restart and install" waits for it.
 */
describe('updates wait for a running key generation', () => {
  let sandbox: SandboxHub;
  let dir: string;
  let services: Services;

  beforeAll(async () => {
    sandbox = await startSandboxHub({ port: 0 });
    dir = mkdtempSync(join(tmpdir(), 'hub-updates-busy-'));
    services = createServices({
      store: memoryStore(),
      dataDir: dir,
      secrets: new MemorySecretStore(),
      // Nobody approves: the generation stays in flight until it is cancelled.
      shell: { openExternal: async () => true },
      clipboard: { readText: () => '', writeText: () => undefined, clear: () => undefined },
      runtime: { host: 'electron', name: 'AIGNE Hub Desktop', version: '0.1.0', platform: 'linux x64', versions: { node: '20' } },
      emit: () => undefined,
      keys: { pollIntervalMs: 50 },
    });
  });
  afterAll(async () => {
    services?.dispose();
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('defers the restart while the generation runs, and restarts once it is cancelled', async () => {
    const updater = Object.assign(new EventEmitter(), {
      autoDownload: true,
      autoInstallOnAppQuit: false,
      checkForUpdates: async () => null,
      downloadUpdate: async () => [],
      quitAndInstall: vi.fn(),
    });
    services.updates.attach(updater as unknown as UpdaterLike);
    updater.emit('update-downloaded', { version: '0.2.0' });

    const hub = await services.dispatcher.dispatch('hubs.add', { url: sandbox.url }, { host: 'electron' });
    expect(hub.ok).toBe(true);
    const hubId = (hub as { value: { id: string } }).value.id;
    const generation = services.dispatcher.dispatch('keys.generate', { hubId, name: 'ci', operationId: 'op-1' }, { host: 'electron' });
    await expect.poll(() => services.keys.runningGenerations()).toBe(1);

    const install = await services.dispatcher.dispatch('updates.install', undefined, { host: 'electron' });
    expect(install).toMatchObject({ ok: true, value: { state: 'downloaded', installDeferred: true } });
    await new Promise((r) => setTimeout(r, 2500));
    expect(updater.quitAndInstall).not.toHaveBeenCalled();

    await services.dispatcher.dispatch('keys.cancelGeneration', { operationId: 'op-1' }, { host: 'electron' });
    expect((await generation).ok).toBe(false);
    await expect.poll(() => updater.quitAndInstall.mock.calls.length, { timeout: 10_000 }).toBe(1);
  });
});
