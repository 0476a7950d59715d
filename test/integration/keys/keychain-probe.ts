/**
 * Child-process probe for keychain failure-mode tests: libsecret caches its
 * D-Bus connection per process, so each scenario runs in a fresh node with its
 * own environment. Prints one line `PROBE <json>`; the parent then kills it,
 * because a keychain call stuck on a prompt blocks even process.exit().
 */
import { isAppError } from '../../../src/shared/errors';
import { checkKeychainHealth } from '../../../src/main/services/keychain/health';
import { KeytarStore } from '../../../src/main/services/keychain/keytar-store';

const timeoutMs = Number(process.env.PROBE_TIMEOUT_MS ?? 3000);
const ops = (process.env.PROBE_OPS ?? 'health,set,get').split(',');
const store = new KeytarStore('AIGNE Hub Desktop probe', { timeoutMs });
const result: Record<string, unknown> = {};

function describeError(error: unknown) {
  if (!isAppError(error))
    return { ok: false, code: 'NOT_APP_ERROR', reason: String(error), systemMessage: undefined, message: String(error) };
  return { ok: false, code: error.code, reason: error.detail?.reason, systemMessage: error.detail?.systemMessage, message: error.message };
}

if (ops.includes('health')) result.health = await checkKeychainHealth(store, { timeoutMs });
if (ops.includes('set')) {
  try {
    await store.set('probe-account', 'blocklet-ProbeSecret1111');
    await store.delete('probe-account');
    result.set = { ok: true };
  } catch (error) {
    result.set = describeError(error);
  }
}
if (ops.includes('get')) {
  try {
    result.get = { ok: true, value: await store.get('probe-account') };
  } catch (error) {
    result.get = describeError(error);
  }
}
process.stdout.write(`PROBE ${JSON.stringify(result)}\n`);
process.exit(0);
