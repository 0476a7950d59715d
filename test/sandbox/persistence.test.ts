// `--data FILE`: keys, balances and history survive a restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSandboxHub } from '../../sandbox-hub/index';
import { getJson, postJson } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'sandbox-hub-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('persistence', () => {
  it('keeps keys, revocations, credits and calls across a restart, and does not re-seed', async () => {
    const dataFile = join(dir, 'state.json');
    const first = await startSandboxHub({ dataFile, seedUsageDays: 2 });
    const kept = first.admin.createKey({ name: 'kept', userDid: 'z1Persisted', credits: 2 });
    const revoked = first.admin.createKey({ name: 'revoked' });
    first.admin.revokeKey(revoked.accessKeyId);
    await (
      await postJson(`${first.mountUrl}/api/v2/chat/completions`, { model: 'sandbox/echo', prompt: 'persist me' }, { key: kept.secret })
    ).text();
    const callCount = first.admin.calls().length;
    await first.close();

    const second = await startSandboxHub({ dataFile, seedUsageDays: 2 });
    try {
      expect(second.admin.calls()).toHaveLength(callCount);
      expect((await getJson(`${second.mountUrl}/api/user/info`, kept.secret)).status).toBe(200);
      expect((await getJson(`${second.mountUrl}/api/user/info`, revoked.secret)).status).toBe(401);
      expect(second.admin.credits(kept.accessKeyId)).toEqual({ balance: 1.99998, granted: 2, pending: 0 });
    } finally {
      await second.close();
    }
  });
});
