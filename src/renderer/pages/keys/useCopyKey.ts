import { useCallback } from 'react';
import type { CopyFormat, KeyDTO } from '../../../shared/keys';
import { keyCalls } from '../../actions/key-calls';
import { useToasts } from '../../components/Toasts';
import { useI18n } from '../../i18n';

/**
 * Main copies the key (the page never gets it for this) and the toast counts down to the clearing.
 * A failure goes to the caller's ErrorNotice: toasts only confirm.
 */
export function useCopyKey(fail: (error: unknown) => void) {
  const { t } = useI18n();
  const toasts = useToasts();
  return useCallback(
    async (key: KeyDTO, format: CopyFormat): Promise<boolean> => {
      try {
        const { clearsAt } = await keyCalls.copy({ keyId: key.id, format });
        toasts.show({
          id: 'clipboard',
          kind: 'success',
          text: t(format === 'env' ? 'keys.copiedEnv' : 'keys.copied'),
          until: new Date(clearsAt).getTime(),
          countdown: (s) => t('keys.clearsIn', { s }),
        });
        return true;
      } catch (err) {
        fail(err);
        return false;
      }
    },
    [t, toasts, fail],
  );
}
