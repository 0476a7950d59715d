import { useEffect, useState } from 'react';
import type { GenerationProgress } from '../../../shared/keys';
import { keyCalls } from '../../actions/key-calls';
import { useI18n } from '../../i18n';
import { useKeyStoreName } from './KeychainStatus';

/** Live progress of one approval flow, from `keys.generationProgress` events for this operation. */
export function useApprovalProgress(operationId: string | null): GenerationProgress | null {
  const [progress, setProgress] = useState<GenerationProgress | null>(null);
  useEffect(() => {
    setProgress(null);
    if (!operationId) return;
    return keyCalls.onGenerationProgress((p) => {
      if (p.operationId === operationId) setProgress(p);
    });
  }, [operationId]);
  return progress;
}

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** "Waiting for approval…" with elapsed time, a way to reopen the page, and Cancel. */
export function ApprovalProgress({ progress, onCancel }: { progress: GenerationProgress | null; onCancel: () => void }) {
  const { t } = useI18n();
  const store = useKeyStoreName();
  const [startedAt] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, []);

  const phase = progress?.phase ?? 'waiting-for-approval';
  const elapsed = Math.max(progress?.elapsedMs ?? 0, now - startedAt);
  return (
    <div className="approval" role="status" aria-live="polite" data-testid="approval-progress">
      <div className="spinner" aria-hidden="true" />
      <div className="approval__text">
        <strong>
          {phase === 'waiting-for-approval'
            ? t('keys.gen.waiting')
            : phase === 'verifying'
              ? t('keys.gen.verifying')
              : t('keys.gen.saving', { store })}
        </strong>
        <span className="muted">
          {progress?.timeoutMs
            ? t('keys.gen.waitingLeft', {
                time: clock(elapsed),
                left: clock(Math.max(0, progress.timeoutMs - elapsed)),
                attempts: progress.attempt,
              })
            : t('keys.gen.elapsed', { time: clock(elapsed), attempts: progress?.attempt ?? 0 })}
        </span>
        {phase === 'waiting-for-approval' ? <span className="muted small">{t('keys.gen.noDecline')}</span> : null}
        {progress?.approvalUrl && phase === 'waiting-for-approval' ? (
          <button
            type="button"
            className="link-button"
            onClick={() => void keyCalls.openExternal(progress.approvalUrl).catch(() => undefined)}
          >
            {t('keys.gen.reopen')}
          </button>
        ) : null}
      </div>
      <button type="button" className="button" onClick={onCancel} disabled={phase !== 'waiting-for-approval'}>
        {t('common.cancel')}
      </button>
    </div>
  );
}
