import { useState } from 'react';
import { ConfirmDialog, Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field } from '../../components/Field';
import { useToasts } from '../../components/Toasts';
import { useI18n } from '../../i18n';
import { useStore } from '../../store/external-store';
import { usePlayground } from '../../store/playground';
import { CodeExportDialog } from './CodeExportDialog';

/** The playground's dialogs (code, rename, delete), opened through the UI store. */
export function PlaygroundDialogs() {
  const { t } = useI18n();
  const toasts = useToasts();
  const pg = usePlayground();
  const { modal } = useStore(pg.ui);
  const [error, setError] = useState<unknown>(null);
  if (!modal) return null;
  const close = () => {
    setError(null);
    pg.ui.closeModal();
  };
  if (modal.kind === 'code') {
    return <CodeExportDialog request={modal.request} mountUrl={modal.mountUrl} accessKeyId={modal.accessKeyId} onClose={close} />;
  }
  if (modal.kind === 'rename') return <RenameDialog id={modal.id} title={modal.title} onClose={close} />;
  return (
    <ConfirmDialog
      title={t('playground.conversation.deleteTitle')}
      body={
        <>
          <p>{t('playground.conversation.deleteBody', { title: modal.title })}</p>
          {error ? <ErrorNotice error={error} compact /> : null}
        </>
      }
      confirmLabel={t('playground.conversation.deleteConfirm')}
      cancelLabel={t('common.cancel')}
      danger
      onCancel={close}
      onConfirm={() => {
        pg.actions.deleteConversation(modal.id).then(
          () => {
            close();
            toasts.show({ kind: 'success', text: t('playground.conversation.deleted'), ttlMs: 3000 });
          },
          (e: unknown) => setError(e),
        );
      }}
    />
  );
}

function RenameDialog(props: { id: string; title: string; onClose: () => void }) {
  const { t } = useI18n();
  const pg = usePlayground();
  const [title, setTitle] = useState(props.title);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!title.trim()) return;
    setBusy(true);
    try {
      await pg.actions.renameConversation(props.id, title.trim());
      props.onClose();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <Dialog title={t('playground.conversation.renameTitle')} onClose={props.onClose} busy={busy} testId="rename-dialog">
      <form className="form" onSubmit={submit}>
        <Field label={t('playground.conversation.titleLabel')}>
          <input type="text" value={title} maxLength={200} required autoFocus onChange={(e) => setTitle(e.target.value)} />
        </Field>
        {error ? <ErrorNotice error={error} inline /> : null}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={props.onClose} disabled={busy}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={busy || !title.trim()}>
            {t('common.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
