import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { hubRequest, type HubRequest } from './http';
import { isSuccess, tryParseJson } from './json';

/** The AIGNE Hub blocklet's DID (docs/hub-protocol.md §1). */
export const HUB_DID = 'z8ia3xzq2tMq8CRHfaXj1BTYJyYnEcHbqP8cJ';

export interface DiscoveredHub {
  origin: string;
  /** Normalised: leading slash, no trailing slash; "/" for a hub at the root. */
  mountPoint: string;
  /** `{origin}{mountPoint}` without a trailing slash: the base of every hub API path. */
  mountUrl: string;
  name?: string;
}

export type DiscoverOptions = Pick<HubRequest, 'timeoutMs' | 'signal' | 'userAgent'>;

const blockletInfoSchema = z.looseObject({
  appName: z.string().optional(),
  componentId: z.string().optional(),
  prefix: z.string().optional(),
  componentMountPoints: z
    .array(z.looseObject({ did: z.string(), mountPoint: z.string(), name: z.string().optional(), title: z.string().optional() }))
    .optional(),
});

/**
 * Reads what the user typed as an http(s) URL. A bare host gets https, except on this
 * computer (`localhost:8090`), where a local hub speaks plain http and https would fail on TLS.
 */
export function parseHubAddress(input: string): URL {
  const text = input.trim();
  if (!text)
    throw new AppError('INVALID_INPUT', 'Enter the address of your AIGNE Hub, for example https://hub.aigne.io.', {
      reason: 'addressMissing',
    });
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  let url: URL;
  try {
    url = new URL(hasScheme ? text : `https://${text}`);
  } catch {
    throw new AppError('INVALID_INPUT', `"${text}" is not a web address. Enter it like https://hub.aigne.io.`, { reason: 'notAUrl', text });
  }
  if (!hasScheme && isLoopbackHost(url.hostname)) url.protocol = 'http:';
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError('INVALID_INPUT', `A hub address must start with https:// (or http:// for a local hub), not ${url.protocol}//.`, {
      reason: 'badScheme',
      protocol: url.protocol,
    });
  }
  if (url.username || url.password) {
    throw new AppError('INVALID_INPUT', 'Leave the user name and password out of the hub address; the app signs in with keys instead.', {
      reason: 'credentialsInUrl',
    });
  }
  return url;
}

/** Finds the hub in a `__blocklet__.js?type=json` answer, or says this is not a hub. */
export function hubFromBlockletInfo(origin: string, json: unknown): DiscoveredHub {
  const info = blockletInfoSchema.safeParse(json);
  if (!info.success) throw notAHub(origin);
  const entry = info.data.componentMountPoints?.find((c) => c.did === HUB_DID);
  let mountPoint: string | undefined = entry?.mountPoint;
  if (mountPoint === undefined && info.data.componentId?.endsWith(HUB_DID)) mountPoint = info.data.prefix ?? '/';
  if (mountPoint === undefined) throw notAHub(origin);
  const normalised = `/${mountPoint.replace(/^\/+|\/+$/g, '')}`;
  const name = info.data.appName ?? entry?.title ?? entry?.name;
  return {
    origin,
    mountPoint: normalised,
    mountUrl: normalised === '/' ? origin : `${origin}${normalised}`,
    ...(name ? { name } : {}),
  };
}

/** True for an address on this computer, where plain http never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Keys travel in a header on every call, so plain http to another machine
 * exposes them to anyone on the network. Allowed for loopback, or when the
 * user confirmed it for this hub.
 */
export function refuseInsecureHttp(url: URL, allowInsecureHttp: boolean | undefined): void {
  if (url.protocol !== 'http:' || isLoopbackHost(url.hostname) || allowInsecureHttp) return;
  throw new AppError(
    'INVALID_INPUT',
    `${url.host} is addressed over plain http: your keys would cross the network unencrypted, readable by anyone on the way. Use https, or confirm that you accept the risk.`,
    { reason: 'insecureHttp', host: url.host },
  );
}

/**
 * Finds the hub behind any URL on its site (§1). Follows up to 3 redirects on
 * the same site; the one change allowed is http → https on the same host. A
 * redirect to http from https, or to another site, is refused: the app would
 * otherwise store (and send keys to) an address the user never typed.
 */
export async function discoverHub(anyUrl: string, options: DiscoverOptions = {}): Promise<DiscoveredHub> {
  let origin = parseHubAddress(anyUrl).origin;
  for (let hop = 0; hop <= 3; hop++) {
    const res = await hubRequest(`${origin}/__blocklet__.js?type=json`, options);
    if (res.status >= 300 && res.status < 400 && res.location) {
      origin = checkedRedirect(origin, res.location);
      continue;
    }
    // A plain website has no blocklet info page at all.
    if (res.status === 404) throw notAHub(origin);
    if (!isSuccess(res.status)) {
      throw new AppError(
        'HUB_ERROR',
        `${new URL(origin).host} answered with an error (HTTP ${res.status}) when asked what it is. Try again later.`,
        { reason: 'discoveryFailed', host: new URL(origin).host, status: res.status },
      );
    }
    return hubFromBlockletInfo(origin, tryParseJson(res.text));
  }
  throw new AppError('HUB_ERROR', `${new URL(origin).host} redirected too many times. Check the address.`, {
    reason: 'tooManyRedirects',
    host: new URL(origin).host,
  });
}

function checkedRedirect(from: string, location: string): string {
  const source = new URL(from);
  let target: URL;
  try {
    target = new URL(location, from);
  } catch {
    throw new AppError('HUB_ERROR', `${source.host} redirected to an address that is not valid. Check the address.`, {
      reason: 'redirectInvalid',
      host: source.host,
    });
  }
  if (target.origin === source.origin) return target.origin;
  if (source.protocol === 'https:' && target.protocol !== 'https:') {
    throw new AppError(
      'HUB_ERROR',
      `${source.host} redirected from https to an unencrypted address (${target.origin}). The app refused, so your keys are not sent in the clear. Check the address, or ask the hub's owner.`,
      { reason: 'redirectDowngrade', host: source.host, target: target.origin },
    );
  }
  if (source.protocol === 'http:' && target.protocol === 'https:' && target.hostname === source.hostname) return target.origin;
  throw new AppError(
    'HUB_ERROR',
    `${source.host} redirected to another site (${target.host}). The app did not follow it; if the hub really lives there, enter that address instead.`,
    { reason: 'redirectCrossOrigin', host: source.host, target: target.origin },
  );
}

function notAHub(origin: string): AppError {
  return new AppError('NOT_A_HUB', `${new URL(origin).host} answers, but this site is not an AIGNE Hub. Check the address.`, {
    reason: 'notAHub',
    host: new URL(origin).host,
    origin,
  });
}
