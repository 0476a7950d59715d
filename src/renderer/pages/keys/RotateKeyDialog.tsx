import { useRef, useState } from 'react';
import type { KeyDTO, RotateKeyResult } from '../../../shared/keys';
import { FormFooter } from '../../components/FormFooter';
import { Dialog } from '../../components/Dialog';
import { keyCalls } from '../../actions/key-calls';
import { useI18n } from '../../i18n';
import { ApprovalProgress, useApprovalProgress } from './ApprovalProgress';

type Step = { kind: 'intro'; error?: unknown } | { kind: 'waiting'; operationId: string } | { kind: 'done'; result: RotateKeyResult };

/** Replacement through the approval flow, then plain words about revoking the old key. */
export function RotateKeyDialog(props: { target: KeyDTO; onForgetOld: (k: KeyDTO) => void; onClose: () => void }) {
  const { t } = useI18n();
  const [step, setStep] = useState<Step>({ kind: 'intro' });
  const [retired, setRetired] = useState(false);
  const progress = useApprovalProgress(step.kind === 'waiting' ? step.operationId : null);
  const cancelled = useRef(false);

  const start = async () => {
    const operationId = crypto.randomUUID();
    setStep({ kind: 'waiting', operationId });
    try {
      setStep({ kind: 'done', result: await keyCalls.rotate({ keyId: props.target.id, operationId }) });
    } catch (err) {
      // The user's own Cancel already closed the dialog: nothing to report.
      if (!cancelled.current) setStep({ kind: 'intro', error: err });
    }
  };
  /** One Cancel stops the flow and closes the dialog. */
  const cancel = () => {
    if (step.kind === 'waiting') {
      cancelled.current = true;
      void keyCalls.cancelGeneration(step.operationId);
    }
    props.onClose();
  };

  if (step.kind === 'done') {
    const { result } = step;
    return (
      <Dialog
        title={t('keys.rotate.done')}
        onClose={props.onClose}
        wide
        testId="rotate-done-dialog"
        footer={
          <>
            <button type="button" className="button" onClick={props.onClose}>
              {t('keys.rotate.keepOld')}
            </button>
            <button type="button" className="button" onClick={() => void keyCalls.openExternal(result.dashboardUrl).catch(() => undefined)}>
              {t('keys.rotate.openDashboard')}
            </button>
            <button
              type="button"
              className="button button--danger"
              onClick={() => {
                props.onForgetOld(result.oldKey);
                props.onClose();
              }}
            >
              {t('keys.rotate.forgetOld')}
            </button>
          </>
        }
      >
        <p>{t('keys.rotate.result', { newName: result.newKey.name, oldName: result.oldKey.name })}</p>
        <p className="warning">{t('keys.rotate.revoke')}</p>
        <p className="small muted" data-testid="rotate-admin-hint">
          {t('keys.rotate.adminHint', { url: result.adminUrl })}
        </p>
        <div className="rotate-retire">
          <p className="small muted">{t('hygiene.rotate.retireExplain')}</p>
          <button
            type="button"
            className="button button--small"
            disabled={retired}
            onClick={() =>
              void keyCalls.setRetired({ keyId: result.oldKey.id, retired: true }).then(
                () => setRetired(true),
                () => undefined,
              )
            }
          >
            {retired ? t('hygiene.rotate.retired') : t('hygiene.rotate.retire')}
          </button>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog title={t('keys.rotate.title', { name: props.target.name })} onClose={cancel} testId="rotate-dialog">
      {step.kind === 'waiting' ? (
        <ApprovalProgress progress={progress} onCancel={cancel} />
      ) : (
        <>
          <p>{t('keys.rotate.explain')}</p>
          <FormFooter
            submitLabel={t('keys.rotate.submit')}
            onCancel={props.onClose}
            error={step.error}
            errorTitle={t('keys.gen.failed')}
            onSubmit={() => void start()}
          />
        </>
      )}
    </Dialog>
  );
}
