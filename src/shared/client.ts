import { EVENT_CHANNELS, REQUEST_CHANNELS, type EventChannel, type RequestChannel } from './channels';
import type { Envelope, EventPayload, RequestInput, RequestOutput } from './contract';
import type { ErrorCode, ErrorValue } from './errors';

/** How the bridge reaches main: Electron IPC in the app, a loopback WebSocket in the browser host. */
export interface Transport {
  invoke(channel: RequestChannel, input: unknown): Promise<Envelope>;
  on(event: EventChannel, listener: (payload: unknown) => void): () => void;
}

type AreaOf<C extends string> = C extends `${infer A}.${string}` ? A : never;
type VerbOf<C extends string, A extends string> = C extends `${A}.${infer V}` ? V : never;
type Args<C extends RequestChannel> = undefined extends RequestInput<C> ? [input?: RequestInput<C>] : [input: RequestInput<C>];
type OnEvent = <E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void) => () => void;

/**
 * `window.hub`, as the preload (or the browser host's bridge) exposes it: one function per
 * request channel that resolves to an envelope. Errors stay values here because Electron's
 * contextBridge drops everything but the message from a thrown Error.
 */
export type HubBridge = {
  [A in AreaOf<RequestChannel>]: {
    [C in RequestChannel as VerbOf<C, A>]: (...args: Args<C>) => Promise<Envelope<RequestOutput<C>>>;
  };
} & { on: OnEvent };

/** What renderer code calls: the same functions, resolving to the value or throwing HubCallError. */
export type HubApi = {
  [A in AreaOf<RequestChannel>]: {
    [C in RequestChannel as VerbOf<C, A>]: (...args: Args<C>) => Promise<RequestOutput<C>>;
  };
} & { on: OnEvent };

/** The error a renderer sees when a call fails: the code and message main sent. */
export class HubCallError extends Error {
  readonly code: ErrorCode;
  readonly detail: Record<string, unknown> | undefined;
  constructor(value: ErrorValue) {
    super(value.message);
    this.name = 'HubCallError';
    this.code = value.code;
    this.detail = value.detail;
  }
}

function group(make: (channel: RequestChannel) => unknown): Record<string, Record<string, unknown>> {
  const api: Record<string, Record<string, unknown>> = {};
  for (const channel of REQUEST_CHANNELS) {
    const [area, verb] = channel.split('.') as [string, string];
    (api[area] ??= {})[verb] = make(channel);
  }
  return api;
}

export function createHubBridge(transport: Transport): HubBridge {
  const api = group((channel) => (input?: unknown) => transport.invoke(channel, input));
  const on = (event: EventChannel, listener: (payload: unknown) => void) => {
    if (!(EVENT_CHANNELS as readonly string[]).includes(event)) throw new Error(`Unknown event: ${String(event)}`);
    return transport.on(event, listener);
  };
  return Object.assign(api, { on }) as unknown as HubBridge;
}

export function createHubClient(bridge: HubBridge): HubApi {
  const raw = bridge as unknown as Record<string, Record<string, (input?: unknown) => Promise<Envelope>>>;
  const api = group((channel) => {
    const [area, verb] = channel.split('.') as [string, string];
    return async (input?: unknown) => {
      const fn = raw[area]?.[verb];
      if (!fn) throw new HubCallError({ code: 'INTERNAL', message: `The app bridge has no ${channel}.` });
      const result = await fn(input);
      if (result.ok) return result.value;
      throw new HubCallError(result.error);
    };
  });
  return Object.assign(api, { on: bridge.on }) as unknown as HubApi;
}
