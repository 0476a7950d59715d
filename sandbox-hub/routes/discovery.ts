// `GET {origin}/__blocklet__.js?type=json`: how clients find the hub's mount
// point (docs/hub-protocol.md §1). The hub lists itself in componentMountPoints
// even at the root, because the official SDK reads nothing else.
import type { ServerResponse } from 'node:http';
import type { HubContext } from '../state/context';
import { sendJson, sendText } from './http';

export const HUB_DID = 'z8ia3xzq2tMq8CRHfaXj1BTYJyYnEcHbqP8cJ';
/** The (pretend) Blocklet app the hub is a component of. */
export const APP_DID = 'zNKsandboxHubAppDid7uV3qLmT5cWx';

/**
 * The blocklet JSON as seen from `path`'s component: at the origin the root
 * app (which is the hub itself when mounted at `/`), under the mount the hub.
 */
export function blockletInfo(ctx: HubContext, fromMount: boolean) {
  const mountPoint = ctx.options.mount || '/';
  const hubIsRoot = mountPoint === '/';
  const servedByHub = hubIsRoot || fromMount;
  return {
    appId: APP_DID,
    appPid: APP_DID,
    appName: 'AIGNE Hub (sandbox)',
    appDescription: 'A local AIGNE Hub for tests and demos: no real providers, no real credits.',
    appUrl: ctx.origin(),
    version: '0.0.0-sandbox',
    componentId: servedByHub ? `${APP_DID}/${HUB_DID}` : APP_DID,
    prefix: servedByHub ? mountPoint : '/',
    componentMountPoints: [{ did: HUB_DID, mountPoint, name: 'ai-kit', title: 'AIGNE Hub', version: '0.0.0-sandbox', status: 'running' }],
    sandbox: true,
  };
}

export function handleBlockletJs(ctx: HubContext, res: ServerResponse, url: URL, fromMount: boolean): void {
  const info = blockletInfo(ctx, fromMount);
  if (url.searchParams.get('type') === 'json') return sendJson(res, 200, info);
  sendText(res, 200, 'application/javascript; charset=utf-8', `window.blocklet = ${JSON.stringify(info)};\n`);
}
