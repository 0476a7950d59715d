import type { ReactNode } from 'react';
import { useI18n } from '../i18n';
import { ErrorNotice } from './ErrorNotice';

/**
 * The end of every dialog form: what is happening, what went wrong, and
 * Cancel / the main action. Submits the form unless `onSubmit` is given.
 */
export function FormFooter(props: {
  submitLabel: string;
  onCancel: () => void;
  /** A sentence of the form's own, or what a call threw (worded by ErrorNotice). */
  error?: unknown;
  errorTitle?: string | undefined;
  progress?: ReactNode;
  disabled?: boolean;
  busy?: boolean;
  onSubmit?: () => void;
}) {
  const { t } = useI18n();
  return (
    <>
      {props.busy && props.progress ? <p className="progress-line">{props.progress}</p> : null}
      {typeof props.error === 'string' ? (
        <p className="form-error" role="alert">
          {props.error}
        </p>
      ) : props.error ? (
        <ErrorNotice error={props.error} title={props.errorTitle} inline />
      ) : null}
      <div className="dialog__actions">
        <button type="button" className="button" onClick={props.onCancel} disabled={props.busy}>
          {t('common.cancel')}
        </button>
        <button
          type={props.onSubmit ? 'button' : 'submit'}
          className="button button--primary"
          disabled={props.busy || props.disabled}
          onClick={props.onSubmit}
          autoFocus={props.onSubmit ? true : undefined}
        >
          {props.submitLabel}
        </button>
      </div>
    </>
  );
}
