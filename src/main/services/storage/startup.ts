import { isAppError } from '../../../shared/errors';
import { redactText } from './redact';

/**
 * What to tell the user when the app cannot start, for a dialog (Electron) or
 * the terminal (browser host): never a silent exit. The text is scrubbed of
 * anything key-shaped before it is shown or logged.
 */
export function describeStartupFailure(error: unknown): { title: string; message: string } {
  const title = 'AIGNE Hub Desktop could not start';
  if (isAppError(error)) return { title, message: redactText(error.message) };
  const detail = error instanceof Error ? error.message : String(error);
  return {
    title,
    message: redactText(
      `Something unexpected stopped the app while it opened its data folder: ${detail}\n\nYour keys are still in the system keychain. Restart the app; if this keeps happening, report it with this message.`,
    ),
  };
}
