// What every route handler receives: the state, the clock, the options and a
// way to wait that ends when the hub closes.
import type { SandboxStore } from './store';

export interface ResolvedOptions {
  port: number;
  /** '' when mounted at the root, else '/ai-kit'-style (leading slash, no trailing slash). */
  mount: string;
  autoApprove: boolean;
  proseTokensPerSecond: number;
  slowHeadersMs: number;
  initialCredits: number;
  /** Replace `x-request-id` as Blocklet Server's gateway does (default on). */
  gateway: boolean;
  /** Serve the demo-only decline endpoint and Deny buttons (a real hub has none). */
  allowDeny: boolean;
  /** 'off': a hub without the payment kit (no balances, no 402, billing-off model list). */
  billing: 'on' | 'off';
}

export interface HubContext {
  readonly store: SandboxStore;
  readonly options: ResolvedOptions;
  /** ms since epoch; injectable for deterministic usage tests. */
  now(): number;
  /** `http://127.0.0.1:PORT`, known once listening. */
  origin(): string;
  /**
   * Resolves true after `ms`, or false as soon as the hub closes or `signal`
   * aborts; the timer never keeps the process alive.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<boolean>;
}

export function createSleeper(hubSignal: AbortSignal): HubContext['sleep'] {
  return (ms, signal) =>
    new Promise<boolean>((resolve) => {
      if (hubSignal.aborted || signal?.aborted) return resolve(false);
      const finish = (completed: boolean) => {
        clearTimeout(timer);
        hubSignal.removeEventListener('abort', onAbort);
        signal?.removeEventListener('abort', onAbort);
        resolve(completed);
      };
      const onAbort = () => finish(false);
      const timer = setTimeout(() => finish(true), Math.max(0, ms));
      timer.unref();
      hubSignal.addEventListener('abort', onAbort, { once: true });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
}
