import { useEffect, useId, useState } from 'react';
import type { GenerateKeyResult, HubDTO, KeyDTO } from '../../../shared/keys';
import { FormFooter } from '../../components/FormFooter';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field } from '../../components/Field';
import { keyCalls } from '../../actions/key-calls';
import { useI18n } from '../../i18n';
import { ApprovalProgress, useApprovalProgress } from './ApprovalProgress';
import { appSuggestions, keysUsedBy } from './UsedByDialog';
import { useCopyKey } from './useCopyKey';

type Step = { kind: 'form'; error?: unknown } | { kind: 'waiting'; operationId: string } | { kind: 'done'; result: GenerateKeyResult };

/** Name and what it is for → approve in the browser → the full key, shown this once. */
export function GenerateKeyDialog(props: { target: HubDTO; existingKeys: readonly KeyDTO[]; onClose: () => void }) {
  const { t } = useI18n();
  const [step, setStep] = useState<Step>({ kind: 'form' });
  const [name, setName] = useState('');
  const [app, setApp] = useState('');
  const [note, setNote] = useState('');
  const progress = useApprovalProgress(step.kind === 'waiting' ? step.operationId : null);
  const listId = useId();
  const appListId = useId();
  // Suggestions: applications already named on other keys, and the keys' own names.
  const appOptions = [...new Set([...appSuggestions(props.existingKeys), ...props.existingKeys.map((k) => k.name)])];
  const sameApp = keysUsedBy(props.existingKeys, app);

  const start = async (e: React.FormEvent) => {
    e.preventDefault();
    const operationId = crypto.randomUUID();
    setStep({ kind: 'waiting', operationId });
    try {
      const result = await keyCalls.generate({
        hubId: props.target.id,
        name: name.trim(),
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(app.trim() ? { usedBy: [app.trim()] } : {}),
        operationId,
      });
      setStep({ kind: 'done', result });
    } catch (err) {
      setStep({ kind: 'form', error: err });
    }
  };

  const cancel = () => {
    if (step.kind === 'waiting') void keyCalls.cancelGeneration(step.operationId);
  };

  if (step.kind === 'done') return <ShowOnceDialog result={step.result} onClose={props.onClose} />;

  return (
    <Dialog title={t('keys.gen.title')} onClose={step.kind === 'waiting' ? cancel : props.onClose} testId="generate-dialog">
      {step.kind === 'waiting' ? (
        <ApprovalProgress progress={progress} onCancel={cancel} />
      ) : (
        <form onSubmit={start} className="form">
          <p className="muted">{t('keys.gen.explain')}</p>
          <Field label={t('keys.gen.name')} help={t('keys.gen.nameHelp')}>
            <input
              type="text"
              required
              maxLength={80}
              value={name}
              list={listId}
              placeholder="dev-server-integration"
              onChange={(e) => setName(e.target.value)}
              autoFocus
              spellCheck={false}
            />
          </Field>
          <datalist id={listId}>
            {props.existingKeys.map((k) => (
              <option key={k.id} value={k.name} />
            ))}
          </datalist>
          <Field label={t('keys.gen.app')} help={t('keys.gen.appHelp')}>
            <input
              type="text"
              maxLength={60}
              value={app}
              list={appListId}
              placeholder={t('keys.gen.appPlaceholder')}
              onChange={(e) => setApp(e.target.value)}
              data-testid="generate-app"
            />
          </Field>
          <datalist id={appListId}>
            {appOptions.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
          {sameApp.length > 0 ? (
            <p className="small warning" role="status">
              {t('keys.gen.appTaken', { app: app.trim(), keys: sameApp.map((k) => `“${k.name}”`).join(', ') })}
            </p>
          ) : null}
          <Field label={t('keys.gen.note')} optional={t('common.optional')}>
            <textarea rows={2} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
          </Field>
          <FormFooter
            submitLabel={t('keys.gen.submit')}
            onCancel={props.onClose}
            error={step.error}
            errorTitle={t('keys.gen.failed')}
            disabled={!name.trim()}
          />
        </form>
      )}
    </Dialog>
  );
}

/** The one time the full key is on screen. Closing drops it from memory. */
function ShowOnceDialog({ result, onClose }: { result: GenerateKeyResult; onClose: () => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const copy = useCopyKey(setError);
  const [secret, setSecret] = useState<string | null>(result.secret);
  useEffect(() => () => setSecret(null), []);
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
          <button type="button" className="button" onClick={() => void copy(result.key, 'key')}>
            {t('keys.once.copy')}
          </button>
          <button type="button" className="button button--primary" onClick={onClose} autoFocus>
            {t('common.done')}
          </button>
        </>
      }
    >
      <p className="strong">{result.key.name}</p>
      <code className="secret" data-testid="new-key-secret">
        {secret}
      </code>
      <p className="warning">{t('keys.once.warning')}</p>
      {error ? <ErrorNotice error={error} inline /> : null}
    </Dialog>
  );
}
