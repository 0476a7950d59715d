import { beforeAll, describe, expect, it } from 'vitest';
import type { FakeElectron } from './fake-electron';
import { loadBuiltMain } from './load-main';

// The packaged app as on Windows: it must register the installer's AppUserModelID, or Windows shows no
// (clickable) notifications for it. Only process.platform is changed; the rest is this machine.
Object.defineProperty(process, 'platform', { value: 'win32' });

let fake: FakeElectron;
beforeAll(async () => {
  ({ fake } = await loadBuiltMain({ packaged: true }));
});

describe('the packaged app on Windows', () => {
  it('sets the AppUserModelID to the packager’s appId before ready', () => {
    const calls = fake.recorded.calls.map(([what]) => what);
    expect(fake.recorded.calls.find(([what]) => what === 'app.setAppUserModelId')?.[1]).toBe('io.aigne.hub.desktop');
    expect(calls.indexOf('app.setAppUserModelId')).toBeLessThan(calls.indexOf('app.whenReady'));
  });

  it('quits when the last window closes (unlike macOS)', () => {
    fake.recorded.windows[0]!.close();
    fake.recorded.appEvents.emit('window-all-closed');
    expect(fake.recorded.calls.some(([what]) => what === 'app.quit')).toBe(true);
  });
});
