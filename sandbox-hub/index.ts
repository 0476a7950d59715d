// The sandbox hub: a local HTTP server that speaks the AIGNE Hub wire
// protocol (docs: docs/hub-protocol.md, README.md next to this file).
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { SandboxAdmin } from './state/admin';
import { createAdmin } from './state/admin';
import type { HubContext, ResolvedOptions } from './state/context';
import { createSleeper } from './state/context';
import { ImageShelf } from './routes/media';
import { hasSeededUsage, seedUsage } from './state/seed';
import { createRequestHandler } from './routes/server';
import { SandboxStore } from './state/store';

export type { SandboxAdmin, CreatedKey, KeySummary } from './state/admin';
export type { SeedResult } from './state/seed';
export type { CallRecord, FaultKind, KeyRecord, UserRecord } from './state/types';
export { FAULT_KINDS } from './state/types';
export { SANDBOX_MODELS } from './engine/models';
export { HUB_DID } from './routes/discovery';
export { DEFAULT_USER_DID } from './state/store';

export interface SandboxHubOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Where the hub's API lives: '/ai-kit' (default), or '/' for the root. */
  mount?: string;
  /** Approve key requests without a click (see README). */
  autoApprove?: boolean;
  /** Seed this many days of usage history at start. */
  seedUsageDays?: number;
  /** Persist state to this JSON file across restarts. */
  dataFile?: string;
  /** Pace of the prose models; 0 = no pause between tokens. Default 40. */
  proseTokensPerSecond?: number;
  /** How long the `slow-headers` fault holds the headers back. Default 30 000 ms. */
  slowHeadersMs?: number;
  /** The hub's clock (ms since epoch), for deterministic usage tests. */
  now?: () => number;
  /** Balance a new user starts with. Default 10 credits. */
  initialCredits?: number;
  /** Act as Blocklet Server's gateway: replace each request's `x-request-id` (default true). */
  gateway?: boolean;
  /** Offer Deny on the approval page and the decline endpoint, for demos (default false: a real hub has none). */
  allowDeny?: boolean;
  /** 'off' serves a hub with credit billing turned off (default 'on'). */
  billing?: 'on' | 'off';
}

export interface SandboxHub {
  /** The origin, e.g. `http://127.0.0.1:43123`. */
  url: string;
  /** Origin + mount, e.g. `http://127.0.0.1:43123/ai-kit` (no trailing slash). */
  mountUrl: string;
  port: number;
  admin: SandboxAdmin;
  /** Stops listening, ends open streams and waits; safe to call twice. */
  close(): Promise<void>;
}

export function normalizeMount(mount: string | undefined): string {
  const trimmed = (mount ?? '/ai-kit').trim().replace(/\/+$/, '');
  if (trimmed === '') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

export async function startSandboxHub(options: SandboxHubOptions = {}): Promise<SandboxHub> {
  const resolved: ResolvedOptions = {
    port: options.port ?? 0,
    mount: normalizeMount(options.mount),
    autoApprove: options.autoApprove ?? false,
    proseTokensPerSecond: options.proseTokensPerSecond ?? 40,
    slowHeadersMs: options.slowHeadersMs ?? 30_000,
    initialCredits: options.initialCredits ?? 10,
    gateway: options.gateway ?? true,
    allowDeny: options.allowDeny ?? false,
    billing: options.billing ?? 'on',
  };
  const closing = new AbortController();
  const store = new SandboxStore({ dataFile: options.dataFile, initialCredits: resolved.initialCredits });
  let origin = '';
  const ctx: HubContext = {
    store,
    options: resolved,
    now: options.now ?? Date.now,
    origin: () => origin,
    sleep: createSleeper(closing.signal),
  };
  const admin = createAdmin(ctx);
  const server = createServer(createRequestHandler(ctx, admin, new ImageShelf()));
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: the admin endpoints must never be reachable from the network.
    server.listen(resolved.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  if (options.seedUsageDays && options.seedUsageDays > 0 && !hasSeededUsage(ctx)) {
    seedUsage(ctx, Math.floor(options.seedUsageDays));
  }

  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= new Promise<void>((resolve) => {
      closing.abort(); // ends slow-headers waits and paced streams
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
      store.flush();
    });
    return closed;
  };

  return { url: origin, mountUrl: origin + resolved.mount, port, admin, close };
}
