import { useEffect, useState } from 'react';
import type { GenerateKeyResult, KeyDTO } from '../../../shared/keys';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useI18n } from '../../i18n';
import { openSection } from '../../sections';
import { useKeyStoreName } from './KeychainStatus';
import { useCopyKey } from './useCopyKey';

/** The hub's default key when it no longer works (retired, or its last check said the key is bad). */
export function brokenDefault(current: KeyDTO | null): { key: KeyDTO; why: 'retired' | 'failed' } | null {
  if (!current) return null;
  if (current.retiredAt) return { key: current, why: 'retired' };
  const check = current.lastCheck;
  // An unreachable hub says nothing about the key itself.
  if (check && !check.ok && check.code !== 'HUB_UNREACHABLE' && check.code !== 'TIMEOUT') return { key: current, why: 'failed' };
  return null;
}

/** The one time the full key is on screen. Closing drops it from memory. */
export function ShowOnceDialog(props: {
  result: GenerateKeyResult;
  brokenDefault: ReturnType<typeof brokenDefault>;
  onMakeDefault: (k: KeyDTO) => Promise<boolean>;
  onClose: () => void;
}) {
  const { result, onClose } = props;
  const { t } = useI18n();
  const store = useKeyStoreName();
  const [error, setError] = useState<unknown>(null);
  const copy = useCopyKey(setError);
  const [secret, setSecret] = useState<string | null>(result.secret);
  const [madeDefault, setMadeDefault] = useState(false);
  useEffect(() => () => setSecret(null), []);
  const offerDefault = props.brokenDefault && !result.key.isDefault;
  return (
    <Dialog
      title={t('keys.once.title')}
      onClose={onClose}
      wide
      testId="show-once-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={() => void copy(result.key, 'env')}>
            {t('keys.once.copyEnv')}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              onClose();
              openSection('playground', { hubId: result.key.hubId, keyId: result.key.id });
            }}
          >
            {t('keys.once.tryPlayground')}
          </button>
          <button type="button" className="button button--primary" onClick={() => void copy(result.key, 'key')} autoFocus>
            {t('keys.once.copy')}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t('common.done')}
          </button>
        </>
      }
    >
      <p className="strong">{result.key.name}</p>
      <code className="secret" data-testid="new-key-secret">
        {secret}
      </code>
      <p className="warning">{t('keys.once.warning', { store })}</p>
      {offerDefault && props.brokenDefault ? (
        <div className="notice-row" data-testid="offer-default">
          <p className="small">
            {madeDefault
              ? t('keys.once.defaultSet')
              : t('keys.once.defaultBroken', { name: props.brokenDefault.key.name, why: t(`keys.once.why.${props.brokenDefault.why}`) })}
          </p>
          {madeDefault ? null : (
            <button
              type="button"
              className="button button--small"
              onClick={() => void props.onMakeDefault(result.key).then((ok) => ok && setMadeDefault(true))}
            >
              {t('keys.once.makeDefault')}
            </button>
          )}
        </div>
      ) : null}
      {error ? <ErrorNotice error={error} inline /> : null}
    </Dialog>
  );
}
