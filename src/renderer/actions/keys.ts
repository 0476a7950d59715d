import type { HubApi } from '../../shared/client';
import type { KeyDTO } from '../../shared/keys';
import type { ToastInput } from '../components/Toasts';
import type { Translate } from '../i18n';
import { ExternalStore } from '../store/external-store';

/** The last action that failed, for the page's ErrorNotice (toasts are for confirmations only). */
export class ActionErrorStore extends ExternalStore<{ error: unknown }> {
  constructor() {
    super({ error: null });
  }
  fail = (error: unknown): void => this.set({ error });
  clear = (): void => this.set({ error: null });
}

export type KeyActionsApi = Pick<HubApi, 'keys' | 'hubs'>;

/**
 * What the Keys page's buttons do: the call, the confirmation toast, and a failure into the
 * error store. No reloads: main announces `keys.changed` and the data layer reloads once.
 */
export function createKeyActions(deps: {
  api: KeyActionsApi;
  t: Translate;
  toast: (input: ToastInput) => void;
  errors: ActionErrorStore;
  /** A key check answered: swap the one row instead of reloading the list. */
  onChecked?: (key: KeyDTO) => void;
}) {
  const { api, t, toast, errors } = deps;
  const run = async <T>(work: () => Promise<T>, done?: (value: T) => void): Promise<boolean> => {
    errors.clear();
    try {
      const value = await work();
      done?.(value);
      return true;
    } catch (error) {
      errors.fail(error);
      return false;
    }
  };

  return {
    forget: (k: KeyDTO) =>
      run(
        () => api.keys.forget({ keyId: k.id }),
        ({ undoToken, expiresAt }) =>
          toast({
            id: `forgot-${k.id}`,
            text: t('keys.forgotten', { name: k.name }),
            until: new Date(expiresAt).getTime(),
            action: {
              label: t('keys.undo'),
              run: () =>
                void run(
                  () => api.keys.undoForget({ undoToken }),
                  (restored) => toast({ kind: 'success', text: t('keys.restored', { name: restored.name }) }),
                ),
            },
          }),
      ),
    makeDefault: (k: KeyDTO) =>
      run(
        () => api.hubs.setDefaultKey({ hubId: k.hubId, keyId: k.id }),
        () => toast({ kind: 'success', text: t('keys.defaultSet', { name: k.name }) }),
      ),
    setRetired: (k: KeyDTO, retired: boolean) =>
      run(
        () => api.keys.setRetired({ keyId: k.id, retired }),
        () => toast({ kind: 'success', text: t(retired ? 'hygiene.retiredDone' : 'hygiene.unretiredDone', { name: k.name }) }),
      ),
    useForCli: (k: KeyDTO) =>
      run(
        () => api.keys.useForCli({ keyId: k.id }),
        ({ host }) => toast({ kind: 'success', text: t('keys.cliWritten', { name: k.name, host }) }),
      ),
    importCli: () =>
      run(
        () => api.keys.importFromCli(),
        ({ imported }) =>
          toast({ kind: 'success', text: imported.length ? t('keys.cliImported', { count: imported.length }) : t('keys.cliNothing') }),
      ),
    /** A failed check is shown on the key's row; only a passing one gets a toast. */
    check: (k: KeyDTO) =>
      run(
        () => api.keys.check({ keyId: k.id }),
        (updated) => {
          deps.onChecked?.(updated);
          if (updated.lastCheck?.ok) toast({ kind: 'success', text: t('keys.checkDone', { name: k.name }) });
        },
      ),
  };
}

export type KeyActionsModule = ReturnType<typeof createKeyActions>;
