import { describe, expect, it, vi } from 'vitest';
import { REQUEST_CHANNELS } from '../../src/shared/channels';
import { bindIpc, type IpcEventLike, type IpcMainLike } from '../../src/main/ipc';
import { isAppUrl, isTrustedSender } from '../../src/main/security';
import type { Dispatcher } from '../../src/main/services/dispatcher';

const APP_URL = 'app://renderer/index.html';

function fakeIpcMain() {
  const handlers = new Map<string, (e: IpcEventLike, p: unknown) => Promise<unknown>>();
  const ipcMain: IpcMainLike = { handle: (channel, listener) => void handlers.set(channel, listener) };
  return { ipcMain, handlers };
}

describe('IPC binding', () => {
  it('registers exactly the contract channels', () => {
    const { ipcMain, handlers } = fakeIpcMain();
    bindIpc(ipcMain, { dispatch: vi.fn() }, () => true);
    expect([...handlers.keys()].sort()).toEqual([...REQUEST_CHANNELS].sort());
  });

  it('refuses an untrusted sender before the dispatcher sees the payload', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const dispatcher: Dispatcher = { dispatch: vi.fn(async () => ({ ok: true as const, value: 1 })) };
    const ours = new Set([7]);
    bindIpc(ipcMain, dispatcher, (s) => isTrustedSender(s, ours, APP_URL));

    const settingsGet = handlers.get('settings.get')!;
    const fromElsewhere = await settingsGet({ sender: { id: 7 }, senderFrame: { url: 'https://evil.example/' } }, undefined);
    expect(fromElsewhere).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } });
    const otherWindow = await settingsGet({ sender: { id: 8 }, senderFrame: { url: APP_URL } }, undefined);
    expect(otherWindow).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } });
    const noFrame = await settingsGet({ sender: { id: 7 }, senderFrame: null }, undefined);
    expect(noFrame).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } });
    expect(dispatcher.dispatch).not.toHaveBeenCalled();

    const ok = await settingsGet({ sender: { id: 7 }, senderFrame: { url: `${APP_URL}#/settings` } }, undefined);
    expect(ok).toEqual({ ok: true, value: 1 });
    expect(dispatcher.dispatch).toHaveBeenCalledWith('settings.get', undefined, { host: 'electron' });
  });
});

describe('which pages count as the app', () => {
  it('accepts our own app:// origin, with any path or hash, and nothing else', () => {
    expect(isAppUrl(`${APP_URL}#/keys`, APP_URL)).toBe(true);
    expect(isAppUrl('app://renderer/assets/x.js', APP_URL)).toBe(true);
    // Custom schemes have the opaque origin "null" in WHATWG terms: another host must not match.
    expect(isAppUrl('app://evil/index.html', APP_URL)).toBe(false);
    expect(isAppUrl('other://renderer/index.html', APP_URL)).toBe(false);
    expect(isAppUrl('file:///tmp/other.html', APP_URL)).toBe(false);
    expect(isAppUrl('https://hub.aigne.io/', APP_URL)).toBe(false);
    expect(isAppUrl('garbage', APP_URL)).toBe(false);
  });
  it('accepts the dev server by origin', () => {
    expect(isAppUrl('http://localhost:5173/#/usage', 'http://localhost:5173/')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
    expect(isAppUrl('http://localhost:5173.evil.example/', 'http://localhost:5173/')).toBe(false);
  });
});
