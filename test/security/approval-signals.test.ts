import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeysService } from '../../src/main/services/keys/keys-service';
import { memoryMetadataStore } from '../../src/main/services/keys/ports';
import type { GenerationProgress } from '../../src/shared/keys';
import { MemoryClipboard, MemorySecretStore } from '../unit/keys/support/memory-secret-store';
import { startHostileHub, type HostileHub } from '../support/hostile-hub';

/**
 * A real hub has no decline signal (a declined request just stays pending) and
 * answers an ended session with HTTP 500 and a text body. The generate flow
 * must neither hang silently nor misreport either.
 */
let hub: HostileHub;
beforeAll(async () => {
  hub = await startHostileHub();
});
afterAll(async () => {
  await hub.close();
});

function service(openExternal: (url: string) => Promise<boolean>, approvalTimeoutMs = 10_000) {
  return new KeysService({
    secrets: new MemorySecretStore(),
    metadata: memoryMetadataStore(),
    clipboard: new MemoryClipboard(),
    browser: { openExternal },
    options: { pollIntervalMs: 20, approvalTimeoutMs },
  });
}

describe('approval without a decline signal', () => {
  it('says the session ended on the hub when polling answers HTTP 500 with a text body', async () => {
    // The user's browser session ends the request on the hub (expired, used, or the hub restarted).
    const keys = service(async () => {
      hub.sessions.clear();
      return true;
    });
    const added = await keys.addHub(hub.url);
    await expect(keys.generateKey({ hubId: added.id, name: 'ended' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      detail: { reason: 'sessionEnded' },
      message: expect.stringContaining('ended on the hub'),
    });
    expect(await keys.listKeys()).toEqual([]);
  });

  it('while a declined request stays pending, reports progress with the time left, and ends with a reason at the limit', async () => {
    const keys = service(async () => true, 400);
    const added = await keys.addHub(hub.url);
    const progress: GenerationProgress[] = [];
    await expect(keys.generateKey({ hubId: added.id, name: 'declined' }, (p) => progress.push(p))).rejects.toMatchObject({
      code: 'TIMEOUT',
      detail: { reason: 'approvalTimedOut' },
      message: expect.stringContaining('does not tell the app when a request is declined'),
    });
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.every((p) => p.timeoutMs === 400)).toBe(true);
    expect(progress.at(-1)!.attempt).toBeGreaterThan(0);
    // The session does not outlive the attempt.
    expect(hub.sessions.size).toBe(0);
  });

  it('can be cancelled while waiting', async () => {
    const keys = service(async () => true);
    const added = await keys.addHub(hub.url);
    const operationId = 'op-cancel';
    const running = keys.generateKey({ hubId: added.id, name: 'cancelled', operationId }, (p) => {
      if (p.attempt === 2) void keys.cancelGeneration(operationId);
    });
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(hub.sessions.size).toBe(0);
  });
});
