import type { IpcMainInvokeEvent } from 'electron';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FakeElectron } from './fake-electron';
import { loadBuiltMain } from './load-main';

// An unpackaged run with a non-loopback page named in the environment: it must not become trusted.
process.env.ELECTRON_RENDERER_URL = 'https://evil.example/';

let fake: FakeElectron;
beforeAll(async () => {
  ({ fake } = await loadBuiltMain({ packaged: false }));
});

describe('ELECTRON_RENDERER_URL naming a remote page', () => {
  it('is ignored: the window loads the built renderer and the page cannot call keys.reveal', async () => {
    const [win] = fake.recorded.windows;
    expect(win!.loadedUrl).toBe('app://renderer/index.html');
    const reveal = fake.recorded.invokeHandlers.get('keys.reveal')!;
    const res = await reveal(
      { sender: { id: win!.webContents.id }, senderFrame: { url: 'https://evil.example/' } } as unknown as IpcMainInvokeEvent,
      {
        keyId: 'k1',
      },
    );
    expect(res).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } });
  });
});
