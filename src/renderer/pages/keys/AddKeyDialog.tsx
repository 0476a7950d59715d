import { useState } from 'react';
import { KEY_SECRET_PATTERN_SOURCE } from '../../../shared/key-format';
import type { HubDTO } from '../../../shared/keys';
import { FormFooter } from '../../components/FormFooter';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { keyCalls } from '../../actions/key-calls';
import { useI18n } from '../../i18n';

const keyPattern = new RegExp(KEY_SECRET_PATTERN_SOURCE);

/** Paste a key; main checks it with the hub before anything is stored. */
export function AddKeyDialog(props: { target: HubDTO; onDone: () => void; onClose: () => void }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [note, setNote] = useState('');
  const [secret, setSecret] = useState('');
  const [visible, setVisible] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const trimmed = secret.trim();
    if (!keyPattern.test(trimmed)) return setError(t('keys.add.badFormat'));
    setBusy(true);
    setError(null);
    try {
      await keyCalls.addExisting({
        hubId: props.target.id,
        name: name.trim(),
        secret: trimmed,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      setSecret('');
      props.onDone();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('keys.add.title')} onClose={props.onClose} busy={busy} testId="add-key-dialog">
      <form onSubmit={submit} className="form" autoComplete="off">
        <Field label={t('keys.gen.name')}>
          <input type="text" required maxLength={80} value={name} onChange={(e) => setName(e.target.value)} autoFocus />
        </Field>
        <Field
          label={t('keys.add.secret')}
          help={t('keys.add.secretHelp')}
          after={
            <button type="button" className="button button--small" onClick={() => setVisible((v) => !v)} aria-pressed={visible}>
              {visible ? t('keys.add.hide') : t('keys.add.show')}
            </button>
          }
        >
          <input
            type={visible ? 'text' : 'password'}
            required
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
            spellCheck={false}
            autoComplete="off"
            placeholder="blocklet-…"
          />
        </Field>
        <Field label={t('keys.gen.note')} optional={t('common.optional')}>
          <textarea rows={2} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>
        <FormFooter
          submitLabel={t('keys.add.submit')}
          onCancel={props.onClose}
          error={error}
          busy={busy}
          progress={t('keys.add.checking')}
          disabled={!name.trim() || !secret.trim()}
        />
      </form>
    </Dialog>
  );
}
