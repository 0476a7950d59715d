import { hostname } from 'node:os';
import type { FirstRunOptions } from '../../../shared/keys';
import type { DiscoveredHub } from '../hub/discover';

export const PUBLIC_HUB_URL = 'https://hub.aigne.io/';
/** Where `npm run sandbox` listens unless told otherwise. */
export const DEFAULT_LOCAL_HUB_URL = 'http://127.0.0.1:8090/';
/** The probe must not hold up the empty page: a local hub answers in milliseconds or not at all. */
export const LOCAL_PROBE_TIMEOUT_MS = 1500;

export interface FirstRunDeps {
  appName: string;
  /** null turns the probe off; undefined probes the default port. */
  localHubUrl?: string | null;
  discover: (url: string, timeoutMs: number) => Promise<DiscoveredHub>;
  host?: () => string;
}

/** "AIGNE Hub Desktop on ada-laptop": says where the key lives when the user meets it in the hub's dashboard. */
export function suggestedKeyName(appName: string, host: string): string {
  const short = host.split('.')[0]?.trim() || host.trim();
  const name = short ? `${appName} on ${short}` : appName;
  return name.slice(0, 80);
}

export async function firstRunOptions(deps: FirstRunDeps, probeLocal: boolean): Promise<FirstRunOptions> {
  const localUrl = deps.localHubUrl === undefined ? DEFAULT_LOCAL_HUB_URL : deps.localHubUrl;
  let localHub: FirstRunOptions['localHub'] = null;
  if (probeLocal && localUrl) {
    try {
      const found = await deps.discover(localUrl, LOCAL_PROBE_TIMEOUT_MS);
      localHub = { url: found.origin, ...(found.name ? { name: found.name } : {}) };
    } catch {
      // Nothing (or not a hub) on that port: the page simply does not offer it.
    }
  }
  return { publicHubUrl: PUBLIC_HUB_URL, localHub, suggestedKeyName: suggestedKeyName(deps.appName, (deps.host ?? hostname)()) };
}
