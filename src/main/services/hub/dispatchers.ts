import { Agent, type Dispatcher } from 'undici';

/** Which pool a call uses: short hub calls, or long playground streams that should not hold the hub's sockets. */
export type DispatcherPool = 'hub' | 'stream';

/**
 * Picks the undici dispatcher for one outgoing URL. The default is a plain pooled agent per pool; the Electron
 * host installs one that honours the system proxy and the OS certificate store.
 */
export type DispatcherResolver = (url: string, pool: DispatcherPool) => Dispatcher | Promise<Dispatcher>;

function plainAgent(): Agent {
  // The connect timeout keeps a dead host from stalling a call.
  return new Agent({ connect: { timeout: 10_000 }, keepAliveTimeout: 10_000 });
}

const plainPools: Record<DispatcherPool, Dispatcher> = { hub: plainAgent(), stream: plainAgent() };
const plainResolver: DispatcherResolver = (_url, pool) => plainPools[pool];
let resolver: DispatcherResolver = plainResolver;

/**
 * The dispatcher every hub call should use for `url`, unless the caller passed its own. Not wrapped in a
 * promise when the resolver answers at once (the plain pools do): a request can then leave without a tick.
 */
export function dispatcherFor(url: string | URL, pool: DispatcherPool): Dispatcher | Promise<Dispatcher> {
  return resolver(String(url), pool);
}

/** Installs the host's resolver (pass nothing to restore the plain pools). */
export function useDispatcherResolver(next?: DispatcherResolver): void {
  resolver = next ?? plainResolver;
}
