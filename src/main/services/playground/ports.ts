import type { Dispatcher } from 'undici';
import type { ClientCall } from '../../../shared/call-log';
import type { PlaygroundModelType } from '../../../shared/playground';
import type { ModelRates } from './metrics';

/** A key ready to use, resolved from its local id. The secret never leaves the playground's HTTP calls. */
export interface ResolvedKey {
  secret: string;
  /** `{origin}{mountPoint}`, no trailing slash. */
  mountUrl: string;
  hubId: string;
  /** The hub's id for the key (`appDid` in usage), when known. */
  accessKeyId?: string;
}

/**
 * How the playground gets a key. createServices implements it on top of the keys
 * service; it should throw an AppError (NOT_FOUND, KEYCHAIN_UNAVAILABLE, …)
 * when the key cannot be used.
 */
export interface KeyResolver {
  resolve(keyId: string): Promise<ResolvedKey>;
}

/** Optional: lets the model picker list a hub's models before any key is chosen. */
export interface HubResolver {
  mountUrl(hubId: string): Promise<string>;
}

/** Where the playground records its calls (the CallLogStore). */
export interface CallLogSink {
  append(call: ClientCall): unknown;
}

/** Published credit rates of a hub's models (the ModelCatalog); undefined when unknown, never rejects. */
export interface RatesSource {
  rates(mountUrl: string, modelId: string, type?: PlaygroundModelType): Promise<ModelRates | undefined>;
}

export interface MediaServiceOptions {
  timeoutMs?: number;
  userAgent?: string;
  dispatcher?: Dispatcher;
}

export interface MediaServiceDeps {
  keys: KeyResolver;
  models: RatesSource;
  callLog?: CallLogSink;
  options?: MediaServiceOptions;
}
