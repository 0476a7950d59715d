import { createHubClient, type HubApi, type HubBridge } from '../shared/client';

declare global {
  interface Window {
    /** Provided by the preload (Electron) or the browser host's bridge script. */
    hub?: HubBridge;
  }
}

/** The typed client every page uses; null when no bridge was injected (a broken install). */
export const hub: HubApi | null = window.hub ? createHubClient(window.hub) : null;
