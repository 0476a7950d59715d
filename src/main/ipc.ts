import { REQUEST_CHANNELS } from '../shared/channels';
import { AppError } from '../shared/errors';
import type { SenderInfo } from './security';
import type { Dispatcher } from './services/dispatcher';

/** The slice of Electron's ipcMain this needs, so it can be tested without Electron. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, payload: unknown) => Promise<unknown>): void;
}
export interface IpcEventLike {
  sender: { id: number };
  senderFrame: { url: string } | null;
}

/**
 * Registers one handler per contract channel, and only through here: every
 * call is checked for a trusted sender before its payload is even looked at.
 */
export function bindIpc(ipcMain: IpcMainLike, dispatcher: Dispatcher, isTrusted: (s: SenderInfo) => boolean): void {
  for (const channel of REQUEST_CHANNELS) {
    ipcMain.handle(channel, async (event, payload) => {
      const sender: SenderInfo = { webContentsId: event.sender.id, frameUrl: event.senderFrame?.url };
      if (!isTrusted(sender)) {
        return {
          ok: false,
          error: new AppError('UNTRUSTED_SENDER', 'This request did not come from the app window.', { reason: 'notAppWindow' }).toValue(),
        };
      }
      return dispatcher.dispatch(channel, payload, { host: 'electron' });
    });
  }
}
