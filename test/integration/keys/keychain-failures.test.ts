import { afterEach, expect, it } from 'vitest';
import { KEYCHAIN_MESSAGES } from '../../../src/main/services/keychain/keychain-errors';
import { KeychainLab, describeWithKeyringTools, isolatedEnv, runProbe, tools, warnLoudly } from './keyring-env';

/**
 * Each scenario builds the broken keychain for real (dbus-daemon,
 * gnome-keyring-daemon, Xvfb) and probes it from a fresh node process, since
 * libsecret keeps one bus connection per process.
 */
describeWithKeyringTools('when the OS keychain cannot be used, the app names the reason', () => {
  const lab = new KeychainLab();
  afterEach(() => lab.dispose());

  const envOn = (bus: string, extra: Record<string, string> = {}) =>
    isolatedEnv(lab.tempDir('probe-home-'), { DBUS_SESSION_BUS_ADDRESS: bus, ...extra });

  it('works end to end on a healthy keyring (control case)', async () => {
    const bus = await lab.bus();
    await lab.keyring(bus, { unlock: true });
    const r = await runProbe(envOn(bus));
    expect(r.health).toEqual({ ok: true, tier: 'os-keychain' });
    expect(r.set).toEqual({ ok: true });
  });

  it('no D-Bus session at all (SSH, no DISPLAY) → no-session-bus', async () => {
    const r = await runProbe(isolatedEnv(lab.tempDir('probe-home-')));
    expect(r.health).toEqual({ ok: false, reason: 'no-session-bus', message: KEYCHAIN_MESSAGES['no-session-bus'] });
    expect(r.set).toMatchObject({
      code: 'KEYCHAIN_UNAVAILABLE',
      reason: 'no-session-bus',
      systemMessage: expect.stringContaining('Cannot autolaunch D-Bus'),
    });
    expect(r.get).toMatchObject({ ok: false, reason: 'no-session-bus' });
  });

  it('a session bus but no Secret Service provider → no-provider', async () => {
    const bus = await lab.bus(); // no service activation: nothing provides org.freedesktop.secrets
    const r = await runProbe(envOn(bus));
    expect(r.health).toEqual({ ok: false, reason: 'no-provider', message: KEYCHAIN_MESSAGES['no-provider'] });
    expect(r.set).toMatchObject({
      reason: 'no-provider',
      systemMessage: expect.stringContaining('org.freedesktop.secrets was not provided'),
    });
  });

  it('gnome-keyring running without a login collection → no-collection (and reads are silently empty)', async () => {
    const bus = await lab.bus();
    await lab.keyring(bus, { unlock: false }); // fresh data dir, never unlocked: no "login" keyring exists
    const r = await runProbe(envOn(bus));
    expect(r.health).toEqual({ ok: false, reason: 'no-collection', message: KEYCHAIN_MESSAGES['no-collection'] });
    expect(r.set).toMatchObject({ reason: 'no-collection', systemMessage: expect.stringContaining('collection/login') });
    expect(r.get).toEqual({ ok: true, value: null }); // why the health check must round-trip
  });

  it('a locked login keyring → locked', async () => {
    const bus = await lab.bus();
    await lab.keyring(bus, { unlock: true });
    lab.lockLogin(bus); // org.freedesktop.Secret.Service.Lock on /org/freedesktop/secrets/collection/login
    const r = await runProbe(envOn(bus));
    expect(r.health).toEqual({ ok: false, reason: 'locked', message: KEYCHAIN_MESSAGES.locked });
    expect(r.set).toMatchObject({ reason: 'locked', systemMessage: 'Cannot create an item in a locked collection' });
  });

  it.runIf(tools.xvfb)('a keychain that waits on an unlock prompt (DISPLAY set) → timeout, instead of hanging', async () => {
    const display = await lab.xvfb();
    const bus = await lab.bus({ display }); // activation can start gcr-prompter on that display
    await lab.keyring(bus, { unlock: false, display });
    const r = await runProbe(envOn(bus, { DISPLAY: display }), { timeoutMs: 1_500, ops: 'health' });
    expect(r.health).toEqual({ ok: false, reason: 'timeout', message: KEYCHAIN_MESSAGES.timeout });
  });
});

if (!tools.xvfb) {
  warnLoudly('the real prompt-hang timeout test', [
    'Xvfb is not installed (apt install xvfb); the timeout is still covered by a unit test with a hanging keytar.',
  ]);
}
