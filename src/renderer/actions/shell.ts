import { hub } from '../hub';

/** Opens a link in the system browser; main accepts only http(s), and a refused link is simply not opened. */
export function openLink(url: string): void {
  hub?.shell.openExternal({ url }).catch(() => undefined);
}
