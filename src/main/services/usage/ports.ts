import type { ClientCall } from '../../../shared/call-log';

/**
 * What UsageService needs from the rest of the app. createServices implements
 * these over KeysService and the call log; tests implement them in a few lines.
 */

/** A key ready to call the hub with. The secret stays inside the usage service: never logged, cached or returned. */
export interface ResolvedUsageKey {
  secret: string;
  /** The hub's mount URL (`{origin}{mountPoint}`). */
  mountUrl: string;
  hubId: string;
  /** The hub's id for the key (`appDid` in usage records), when known. */
  accessKeyId?: string | undefined;
  name: string;
}

export interface KeyResolver {
  /** The secret and hub of a local key; throws an AppError (NOT_FOUND, KEYCHAIN_UNAVAILABLE, …) when it cannot. */
  resolve(keyId: string): Promise<ResolvedUsageKey>;
}

/** A key the app keeps for a hub, without its secret. */
export interface LocalKeyInfo {
  keyId: string;
  name: string;
  accessKeyId?: string | undefined;
  /** The hub's default key; when no key says so, the first one is used. */
  isDefault?: boolean | undefined;
}

export interface KeyDirectory {
  keysForHub(hubId: string): LocalKeyInfo[] | Promise<LocalKeyInfo[]>;
}

/** The app's own log of the calls it made (the call-log service), read-only. */
export interface ClientCallSource {
  /** Calls to `hubId` that started in `[start, end)` (UTC ms). */
  list(query: { hubId: string; start: number; end: number }): ClientCall[] | Promise<ClientCall[]>;
}
