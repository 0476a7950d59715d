import { useEffect, useId, useRef, useState } from 'react';
import type { GenerateKeyResult, HubDTO, KeyDTO } from '../../../shared/keys';
import { FormFooter } from '../../components/FormFooter';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { keyCalls } from '../../actions/key-calls';
import { useI18n } from '../../i18n';
import { ApprovalProgress, useApprovalProgress } from './ApprovalProgress';
import { appSuggestions, keysUsedBy } from './UsedByDialog';
import { useKeyStoreName } from './KeychainStatus';
import { brokenDefault, ShowOnceDialog } from './ShowOnceDialog';

type Step = { kind: 'form'; error?: unknown } | { kind: 'waiting'; operationId: string } | { kind: 'done'; result: GenerateKeyResult };

/** Name and what it is for → approve in the browser → the full key, shown this once. */
export function GenerateKeyDialog(props: {
  target: HubDTO;
  existingKeys: readonly KeyDTO[];
  onClose: () => void;
  onMakeDefault: (k: KeyDTO) => Promise<boolean>;
}) {
  const { t } = useI18n();
  const store = useKeyStoreName();
  const [step, setStep] = useState<Step>({ kind: 'form' });
  const [name, setName] = useState('');
  const cancelled = useRef(false);
  const nameInput = useRef<HTMLInputElement>(null);
  const [app, setApp] = useState('');
  const [note, setNote] = useState('');
  const progress = useApprovalProgress(step.kind === 'waiting' ? step.operationId : null);
  const listId = useId();
  const appListId = useId();
  // Suggestions: applications already named on other keys, and the keys' own names.
  const appOptions = [...new Set([...appSuggestions(props.existingKeys), ...props.existingKeys.map((k) => k.name)])];
  const sameApp = keysUsedBy(props.existingKeys, app);

  // A proposed name ("AIGNE Hub Desktop on <host>"), selected so typing replaces it.
  useEffect(() => {
    let live = true;
    keyCalls.firstRun(false).then(
      ({ suggestedKeyName }) => {
        if (!live) return;
        setName((current) => current || uniqueName(suggestedKeyName, props.existingKeys));
        requestAnimationFrame(() => nameInput.current?.select());
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [props.existingKeys]);

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
      // The user's own Cancel already closed the dialog: nothing to report.
      if (!cancelled.current) setStep({ kind: 'form', error: err });
    }
  };

  /** One Cancel stops the flow and closes the dialog; the flow's CANCELLED answer is not an error. */
  const cancel = () => {
    if (step.kind !== 'waiting') return props.onClose();
    cancelled.current = true;
    void keyCalls.cancelGeneration(step.operationId);
    props.onClose();
  };

  if (step.kind === 'done') {
    const current = props.existingKeys.find((k) => k.isDefault) ?? null;
    return (
      <ShowOnceDialog
        result={step.result}
        brokenDefault={brokenDefault(current)}
        onMakeDefault={props.onMakeDefault}
        onClose={props.onClose}
      />
    );
  }

  return (
    <Dialog title={t('keys.gen.title')} onClose={cancel} testId="generate-dialog">
      {step.kind === 'waiting' ? (
        <ApprovalProgress progress={progress} onCancel={cancel} />
      ) : (
        <form onSubmit={start} className="form">
          <p className="muted">{t('keys.gen.explain', { store })}</p>
          <Field label={t('keys.gen.name')} help={t('keys.gen.nameHelp')}>
            <input
              type="text"
              required
              maxLength={80}
              value={name}
              list={listId}
              placeholder="dev-server-integration"
              onChange={(e) => setName(e.target.value)}
              ref={nameInput}
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

/** "AIGNE Hub Desktop on ada (2)" when the plain name is taken on this hub. */
export function uniqueName(base: string, keys: readonly KeyDTO[]): string {
  const taken = new Set(keys.map((k) => k.name));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base.slice(0, 74)} (${n})`;
    if (!taken.has(candidate)) return candidate;
  }
}
