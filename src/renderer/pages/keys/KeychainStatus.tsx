import { useCallback, useEffect, useState } from 'react';
import type { KeychainHealth } from '../../../shared/keys';
import { Dialog } from '../../components/Dialog';
import { FormFooter } from '../../components/FormFooter';
import { Field } from '../../components/Field';
import { keysData } from '../../store';
import { ExternalStore, useStore } from '../../store/external-store';
import { localizeError } from '../../errors/localize';
import { keyCalls } from '../../actions/key-calls';
import { useI18n } from '../../i18n';

/** The keychain's health, checked on mount and on demand; kept in the data layer so every sentence can name the tier. */
export function useKeychainHealth() {
  const data = keysData!;
  const { health } = useStore(data.keychain);
  const recheck = useCallback(() => void data.keychain.check(), [data]);
  const setHealth = useCallback((h: KeychainHealth) => data.keychain.setHealth(h), [data]);
  useEffect(recheck, [recheck]);
  return { health, setHealth, recheck };
}

const NO_KEYCHAIN = new ExternalStore<{ health: KeychainHealth | null }>({ health: null });

/** "your system keychain" or "your encrypted vault file": where keys live right now, for sentences that say so. */
export function useKeyStoreName(): string {
  const { t } = useI18n();
  const { health } = useStore(keysData?.keychain ?? NO_KEYCHAIN);
  return t(health?.ok && health.tier === 'vault-file' ? 'keys.store.vault-file' : 'keys.store.os-keychain');
}

/** One line when all is well; otherwise what is wrong and what the user can do about it. */
export function KeychainBanner({
  health,
  onRecheck,
  onChange,
}: {
  health: KeychainHealth | null;
  onRecheck: () => void;
  onChange: (h: KeychainHealth) => void;
}) {
  const { t, locale } = useI18n();
  const [vault, setVault] = useState<'create' | 'unlock' | null>(null);
  if (!health) return <p className="keychain small">{t('keychain.checking')}</p>;
  if (health.ok)
    return (
      <p className={`keychain small${health.tier === 'vault-file' ? ' keychain--fallback' : ''}`} data-testid="keychain-status">
        <span className="dot dot--ok" aria-hidden="true" />
        {t(`keychain.ok.${health.tier}`)}
      </p>
    );
  const locked = health.reason === 'vault-locked';
  return (
    <div className="banner banner--error keychain-problem" role="alert" data-testid="keychain-status">
      <div>
        <strong>{locked ? t('vault.locked') : t('keychain.problem')}</strong>
        <p>{localizeError({ code: 'KEYCHAIN_UNAVAILABLE', message: health.message, detail: { reason: health.reason } }, locale).text}</p>
      </div>
      <div className="keychain-problem__actions">
        {locked || health.vaultExists ? (
          <button type="button" className="button button--primary" onClick={() => setVault('unlock')}>
            {t('vault.unlock')}
          </button>
        ) : (
          <button type="button" className="button" onClick={() => setVault('create')}>
            {t('vault.useInstead')}
          </button>
        )}
        <button type="button" className="button" onClick={onRecheck}>
          {t('keychain.recheck')}
        </button>
      </div>
      {vault ? (
        <VaultDialog
          mode={vault}
          onClose={() => setVault(null)}
          onDone={(h) => {
            setVault(null);
            onChange(h);
          }}
        />
      ) : null}
    </div>
  );
}

/** Create the fallback vault (passphrase twice, with what it means) or unlock it. */
export function VaultDialog({
  mode,
  onClose,
  onDone,
}: {
  mode: 'create' | 'unlock';
  onClose: () => void;
  onDone: (h: KeychainHealth) => void;
}) {
  const { t } = useI18n();
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (mode === 'create' && passphrase !== confirm) return setError(t('vault.mismatch'));
    setBusy(true);
    setError(null);
    try {
      const health = mode === 'create' ? await keyCalls.createVault(passphrase) : await keyCalls.unlockVault(passphrase);
      setPassphrase('');
      setConfirm('');
      onDone(health);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <Dialog title={mode === 'create' ? t('vault.createTitle') : t('vault.unlockTitle')} onClose={onClose} busy={busy} testId="vault-dialog">
      <form className="form" onSubmit={submit} autoComplete="off">
        {mode === 'create' ? <p className="warning">{t('vault.explain')}</p> : null}
        <Field label={t('vault.passphrase')}>
          <input type="password" required value={passphrase} onChange={(e) => setPassphrase(e.target.value)} autoFocus autoComplete="off" />
        </Field>
        {mode === 'create' ? (
          <Field label={t('vault.confirm')}>
            <input type="password" required value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="off" />
          </Field>
        ) : null}
        <FormFooter
          submitLabel={mode === 'create' ? t('vault.create') : t('vault.unlock')}
          onCancel={onClose}
          error={error}
          busy={busy}
          progress={t('vault.working')}
          disabled={!passphrase}
        />
      </form>
    </Dialog>
  );
}
