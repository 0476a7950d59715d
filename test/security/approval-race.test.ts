import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxHub, type SandboxHub } from '../../sandbox-hub/index';
import * as approvalFlow from '../../src/main/services/hub/approval';
import { HubClient } from '../../src/main/services/hub/client';
import { KeysService, type ApprovalFlow } from '../../src/main/services/keys/keys-service';
import { memoryMetadataStore } from '../../src/main/services/keys/ports';
import type { GenerationProgress } from '../../src/shared/keys';
import { MemoryClipboard, MemorySecretStore } from '../unit/keys/support/memory-secret-store';

/**
 * The approval session id travels in the approval link, so another local
 * process can learn it. Once the app's poll has the key, nobody else may get it:
 * the app closes the session before it verifies and saves.
 */
let sandbox: SandboxHub;

beforeAll(async () => {
  sandbox = await startSandboxHub({ port: 0 });
});
afterAll(async () => {
  await sandbox.close();
});

const sessionUrl = (sid: string) => `${sandbox.url}/.well-known/service/api/access-key/session?sid=${encodeURIComponent(sid)}`;

/** What a second poller sees: the key material if it got any. */
async function secondPoll(sid: string): Promise<{ status: number; gotKey: boolean }> {
  const res = await fetch(sessionUrl(sid), { headers: { 'X-Request-Count': '9' } });
  const text = await res.text();
  return { status: res.status, gotKey: /accessKeySecret/.test(text) };
}

function service(approval: ApprovalFlow, onVerify?: () => Promise<void>) {
  return new KeysService({
    secrets: new MemorySecretStore(),
    metadata: memoryMetadataStore(),
    clipboard: new MemoryClipboard(),
    // Stands in for the user: approves on the hub as soon as the page is opened.
    browser: {
      async openExternal(url) {
        const token = new URL(url).searchParams.get('__token__') ?? '';
        sandbox.admin.approveSession(Buffer.from(token, 'base64url').toString('utf8'), 'race');
        return true;
      },
    },
    approval,
    ...(onVerify
      ? {
          hubClient: (mountUrl: string) => {
            const real = new HubClient(mountUrl);
            return {
              async userInfo(key: string, signal?: AbortSignal) {
                await onVerify();
                return real.userInfo(key, signal);
              },
              status: (key: string, signal?: AbortSignal) => real.status(key, signal),
            };
          },
        }
      : {}),
    options: { pollIntervalMs: 20, approvalTimeoutMs: 10_000 },
  });
}

describe('approval-session race', () => {
  it('a second poller gets nothing once the app’s poll has returned the key', async () => {
    let sid = '';
    let afterAppPoll: { status: number; gotKey: boolean } | undefined;
    const approval: ApprovalFlow = {
      ...approvalFlow,
      async createSession(origin, options) {
        const session = await approvalFlow.createSession(origin, options);
        sid = session.id;
        return session;
      },
    };
    // The attacker polls while the app is still verifying the key (the slowest step before saving).
    const keys = service(approval, async () => {
      afterAppPoll = await secondPoll(sid);
    });
    const hub = await keys.addHub(sandbox.url);
    const progress: GenerationProgress[] = [];
    const result = await keys.generateKey({ hubId: hub.id, name: 'race' }, (p) => progress.push(p));

    expect(result.secret).toMatch(/^blocklet-/);
    expect(afterAppPoll).toBeDefined();
    expect(afterAppPoll!.gotKey).toBe(false);
    expect(afterAppPoll!.status).not.toBe(200);
    // And afterwards too.
    expect((await secondPoll(sid)).gotKey).toBe(false);
    expect(progress.map((p) => p.phase)).toContain('verifying');
    keys.dispose();
  });

  it('decrypts with the challenge from session creation, not a changed copy in the poll', async () => {
    const approval: ApprovalFlow = {
      ...approvalFlow,
      async pollSession(origin, sid, options) {
        const approved = await approvalFlow.pollSession(origin, sid, options);
        return { ...approved, challenge: '0'.repeat(48) };
      },
    };
    const keys = service(approval);
    const hub = await keys.addHub(sandbox.url);
    const result = await keys.generateKey({ hubId: hub.id, name: 'swapped-challenge' });
    expect(result.secret).toMatch(/^blocklet-/);
    keys.dispose();
  });
});
