import { useState } from 'react';
import type { HubDTO } from '../../../shared/keys';
import { FormFooter } from '../../components/FormFooter';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field } from '../../components/Field';
import { keyCalls } from '../../actions/key-calls';
import { useI18n } from '../../i18n';
import { useKeyStoreName } from './KeychainStatus';

const PUBLIC_HUB = 'https://hub.aigne.io/';

/** Add a hub by any of its URLs; main finds the mount point and names the failure if it is not a hub. */
export function AddHubDialog({ onDone, onClose }: { onDone: (h: HubDTO) => void; onClose: () => void }) {
  const { t } = useI18n();
  const [url, setUrl] = useState(PUBLIC_HUB);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [allowInsecure, setAllowInsecure] = useState(false);
  const insecure = isRemotePlainHttp(url);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onDone(
        await keyCalls.addHub({
          url: url.trim(),
          ...(name.trim() ? { name: name.trim() } : {}),
          ...(insecure && allowInsecure ? { allowInsecureHttp: true } : {}),
        }),
      );
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('keys.addHub.title')} onClose={onClose} busy={busy} testId="add-hub-dialog">
      <form onSubmit={submit} className="form">
        <Field label={t('keys.addHub.url')} help={t('keys.addHub.urlHelp')}>
          {/* Plain text: "localhost:8090" has no scheme, which a URL field would refuse before main can try http. */}
          <input
            type="text"
            inputMode="url"
            required
            value={url}
            onChange={(e) => {
              setUrl(e.target.value);
              // An error is about the address that was tried, not the one being typed.
              setError(null);
            }}
            autoFocus
            spellCheck={false}
          />
        </Field>
        <Field label={t('keys.addHub.name')} optional={t('common.optional')}>
          <input
            type="text"
            value={name}
            maxLength={80}
            placeholder={t('keys.addHub.namePlaceholder')}
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
        {insecure ? (
          <div className="warning" role="alert" data-testid="insecure-http">
            <p className="small">{t('keys.addHub.insecureWarning')}</p>
            <label className="checkbox">
              <input type="checkbox" checked={allowInsecure} onChange={(e) => setAllowInsecure(e.target.checked)} />{' '}
              {t('keys.addHub.insecureConfirm')}
            </label>
          </div>
        ) : null}
        <FormFooter
          submitLabel={t('keys.addHub.submit')}
          onCancel={onClose}
          error={error}
          busy={busy}
          progress={t('keys.addHub.finding')}
          disabled={!url.trim() || (insecure && !allowInsecure)}
        />
      </form>
    </Dialog>
  );
}

/** Plain http to another machine (loopback is fine): the case that needs the user's word. */
function isRemotePlainHttp(text: string): boolean {
  if (!/^\s*http:\/\//i.test(text)) return false;
  try {
    const host = new URL(text.trim()).hostname.toLowerCase().replace(/^\[|\]$/g, '');
    return !(host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host));
  } catch {
    return false;
  }
}

export function RenameHubDialog({ target, onDone, onClose }: { target: HubDTO; onDone: () => void; onClose: () => void }) {
  const { t } = useI18n();
  const [name, setName] = useState(target.name);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      await keyCalls.renameHub({ id: target.id, name: name.trim() });
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Dialog title={t('keys.renameHub.title')} onClose={onClose}>
      <form onSubmit={submit} className="form">
        <Field label={t('keys.addHub.name')}>
          <input type="text" required maxLength={80} value={name} onChange={(e) => setName(e.target.value)} autoFocus />
        </Field>
        <FormFooter submitLabel={t('common.save')} onCancel={onClose} error={error} disabled={!name.trim()} />
      </form>
    </Dialog>
  );
}

/** Removing a hub forgets its keys too: a key without its hub could not be used or shown. */
export function RemoveHubDialog(props: { target: HubDTO; onDone: () => void; onClose: () => void }) {
  const { t } = useI18n();
  const store = useKeyStoreName();
  const [error, setError] = useState<unknown>(null);
  const remove = async () => {
    try {
      await keyCalls.removeHub(props.target.id);
      props.onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Dialog
      title={t('keys.removeHub.title')}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" className="button" onClick={props.onClose} autoFocus>
            {t('common.cancel')}
          </button>
          <button type="button" className="button button--danger" onClick={() => void remove()}>
            {t('keys.removeHub.confirm')}
          </button>
        </>
      }
    >
      <p>{t('keys.removeHub.body', { name: props.target.name })}</p>
      {props.target.keyCount > 0 ? (
        <p className="warning">{t('keys.removeHub.forgetKeys', { count: props.target.keyCount, store })}</p>
      ) : null}
      {error ? <ErrorNotice error={error} inline /> : null}
    </Dialog>
  );
}
