import { useEffect, useId, useState } from 'react';
import type { GenerateKeyResult, HubDTO } from '../../../shared/keys';
import { FormFooter } from '../../components/FormFooter';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { errorMessage } from '../../format';
import { hub } from '../../hub';
import { useI18n } from '../../i18n';
import { ApprovalProgress, useApprovalProgress } from './ApprovalProgress';
import { useCopyKey } from './useCopyKey';

type Step = { kind: 'form'; error?: string } | { kind: 'waiting'; operationId: string } | { kind: 'done'; result: GenerateKeyResult };

/** Name → approve in the browser → the full key, shown this once. */
export function GenerateKeyDialog(props: { target: HubDTO; existingNames: string[]; onClose: () => void }) {
  const { t } = useI18n();
  const [step, setStep] = useState<Step>({ kind: 'form' });
  const [name, setName] = useState('');
  const [note, setNote] = useState('');
  const progress = useApprovalProgress(step.kind === 'waiting' ? step.operationId : null);
  const listId = useId();

  const start = async (e: React.FormEvent) => {
    e.preventDefault();
    const operationId = crypto.randomUUID();
    setStep({ kind: 'waiting', operationId });
    try {
      const result = await hub!.keys.generate({
        hubId: props.target.id,
        name: name.trim(),
        ...(note.trim() ? { note: note.trim() } : {}),
        operationId,
      });
      setStep({ kind: 'done', result });
    } catch (err) {
      setStep({ kind: 'form', error: t('keys.gen.failed', { message: errorMessage(err) }) });
    }
  };

  const cancel = () => {
    if (step.kind === 'waiting') void hub!.keys.cancelGeneration({ operationId: step.operationId });
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
            {props.existingNames.map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
          <Field label={t('keys.gen.note')} optional={t('common.optional')}>
            <textarea rows={2} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
          </Field>
          <FormFooter submitLabel={t('keys.gen.submit')} onCancel={props.onClose} error={step.error} disabled={!name.trim()} />
        </form>
      )}
    </Dialog>
  );
}

/** The one time the full key is on screen. Closing drops it from memory. */
function ShowOnceDialog({ result, onClose }: { result: GenerateKeyResult; onClose: () => void }) {
  const { t } = useI18n();
  const copy = useCopyKey();
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
    </Dialog>
  );
}
