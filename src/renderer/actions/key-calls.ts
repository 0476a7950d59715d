import type { HubApi } from '../../shared/client';
import type { GenerationProgress } from '../../shared/keys';
import { AppError } from '../../shared/errors';
import { hub } from '../hub';

/** The bridge, or a clear error for a broken install (never a TypeError at a click). */
function api(): HubApi {
  if (!hub) throw new AppError('INTERNAL', 'The app bridge is missing; reinstall the app.', { reason: 'noBridge' });
  return hub;
}

type Keys = HubApi['keys'];
type Hubs = HubApi['hubs'];
type Arg<F> = F extends (input: infer I) => unknown ? I : never;

/**
 * Every hub call the Keys page and its dialogs make. Pages import these instead of the bridge,
 * so the calls a key flow makes can be read (and faked) in one place.
 */
export const keyCalls = {
  /** The calls `createKeyActions` makes. */
  actionsApi: (): Pick<HubApi, 'keys' | 'hubs'> => api(),
  generate: (input: Arg<Keys['generate']>) => api().keys.generate(input),
  rotate: (input: Arg<Keys['rotate']>) => api().keys.rotate(input),
  /** Cancelling is best effort: the flow it stops reports its own end. */
  cancelGeneration: (operationId: string) =>
    api()
      .keys.cancelGeneration({ operationId })
      .catch(() => undefined),
  addExisting: (input: Arg<Keys['addExisting']>) => api().keys.addExisting(input),
  setUsedBy: (input: Arg<Keys['setUsedBy']>) => api().keys.setUsedBy(input),
  setRetired: (input: Arg<Keys['setRetired']>) => api().keys.setRetired(input),
  copy: (input: Arg<Keys['copy']>) => api().keys.copy(input),
  reveal: (keyId: string) => api().keys.reveal({ keyId }),
  examples: (input: Arg<Keys['examples']>) => api().keys.examples(input),
  copyExample: (input: Arg<Keys['copyExample']>) => api().keys.copyExample(input),
  chatModels: (keyId: string) => api().playground.models({ keyId, type: 'chat' }),
  addHub: (input: Arg<Hubs['add']>) => api().hubs.add(input),
  renameHub: (input: Arg<Hubs['rename']>) => api().hubs.rename(input),
  removeHub: (id: string) => api().hubs.remove({ id, forgetKeys: true }),
  firstRun: (probeLocal: boolean) => api().hubs.firstRun({ probeLocal }),
  createVault: (passphrase: string) => api().keychain.createVault({ passphrase }),
  unlockVault: (passphrase: string) => api().keychain.unlockVault({ passphrase }),
  openExternal: (url: string) => api().shell.openExternal({ url }),
  onGenerationProgress: (listener: (p: GenerationProgress) => void) =>
    hub ? hub.on('keys.generationProgress', listener) : () => undefined,
  onClipboardCleared: (listener: () => void) => (hub ? hub.on('clipboard.cleared', listener) : () => undefined),
};
