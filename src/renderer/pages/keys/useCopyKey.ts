import { useCallback } from 'react';
import type { CopyFormat, KeyDTO } from '../../../shared/keys';
import { useToasts } from '../../components/Toasts';
import { localizeError } from '../../errors/localize';
import { hub } from '../../hub';
import { useI18n } from '../../i18n';

/** Main copies the key (the page never gets it for this) and the toast counts down to the clearing. */
export function useCopyKey() {
  const { t, locale } = useI18n();
  const toasts = useToasts();
  return useCallback(
    async (key: KeyDTO, format: CopyFormat) => {
      try {
        const { clearsAt } = await hub!.keys.copy({ keyId: key.id, format });
        toasts.show({
          id: 'clipboard',
          kind: 'success',
          text: t(format === 'env' ? 'keys.copiedEnv' : 'keys.copied'),
          until: new Date(clearsAt).getTime(),
          countdown: (s) => t('keys.clearsIn', { s }),
        });
      } catch (err) {
        toasts.show({ kind: 'error', text: localizeError(err, locale).text, ttlMs: 8000 });
      }
    },
    [t, locale, toasts],
  );
}
