/**
 * Runs in the page before the renderer, in the browser host only: provides
 * `window.hub` over a loopback WebSocket with the same contract the Electron
 * preload provides over IPC.
 */
import { createHubBridge, type Transport } from '../shared/client';
import type { EventChannel } from '../shared/channels';
import type { Envelope } from '../shared/contract';

const TOKEN_KEY = 'aigne-hub-desktop.host-token';

function takeToken(): string {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    // Keep the token out of the address bar and history once read.
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

const token = takeToken();
const socket = new WebSocket(`ws://${location.host}/__host/ipc?token=${encodeURIComponent(token)}`);
const pending = new Map<number, (e: Envelope) => void>();
const listeners = new Map<string, Set<(payload: unknown) => void>>();
let nextId = 1;
let closedReason: Envelope | null = null;

const opened = new Promise<void>((resolve) => {
  socket.addEventListener('open', () => resolve());
  socket.addEventListener('close', (ev) => {
    closedReason = {
      ok: false,
      error:
        ev.code === 1006 && !token
          ? { code: 'UNTRUSTED_SENDER', message: 'This page has no access token. Open the address that `npm run web` printed.' }
          : {
              code: 'UNTRUSTED_SENDER',
              message: 'The browser host refused or closed the connection. Open the address that `npm run web` printed, or restart it.',
            },
    };
    for (const settle of pending.values()) settle(closedReason);
    pending.clear();
    resolve();
  });
});

socket.addEventListener('message', (ev) => {
  let msg: unknown;
  try {
    msg = JSON.parse(String(ev.data));
  } catch {
    return;
  }
  if (typeof msg !== 'object' || msg === null) return;
  const m = msg as { id?: number; result?: Envelope; event?: string; payload?: unknown };
  if (typeof m.id === 'number' && m.result) {
    pending.get(m.id)?.(m.result);
    pending.delete(m.id);
  } else if (typeof m.event === 'string') {
    for (const l of listeners.get(m.event) ?? []) l(m.payload);
  }
});

const transport: Transport = {
  async invoke(channel, input) {
    // Once open, the message leaves in the caller's own task (an await would let a render go first).
    if (socket.readyState !== WebSocket.OPEN) await opened;
    if (closedReason) return closedReason;
    const id = nextId++;
    return new Promise<Envelope>((resolve) => {
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, channel, payload: input }));
    });
  },
  on(event: EventChannel, listener) {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  },
};

const bridge = createHubBridge(transport);
// The browser host has no system browser to hand links to: the page opens them itself.
bridge.on('shell.openRequested', ({ url }) => {
  window.open(url, '_blank', 'noopener');
});
Object.defineProperty(window, 'hub', { value: Object.freeze(bridge), writable: false, configurable: false });
