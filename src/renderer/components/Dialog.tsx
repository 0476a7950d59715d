import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A modal built on <dialog>: the browser traps focus, Esc closes it, and focus
 * returns to what opened it. `busy` blocks closing while work is in flight.
 */
export function Dialog(props: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  busy?: boolean;
  wide?: boolean;
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const { onClose, busy } = props;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement as HTMLElement | null;
    if (!dialog.open) dialog.showModal();
    return () => {
      if (dialog.open) dialog.close();
      opener?.focus?.();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`dialog${props.wide ? ' dialog--wide' : ''}`}
      aria-labelledby={titleId}
      data-testid={props.testId}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
    >
      <header className="dialog__header">
        <h2 id={titleId}>{props.title}</h2>
      </header>
      <div className="dialog__body">{props.children}</div>
      {props.footer ? <footer className="dialog__footer">{props.footer}</footer> : null}
    </dialog>
  );
}

/** "Are you sure?" for destructive actions, with the consequence spelled out. */
export function ConfirmDialog(props: {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Dialog
      title={props.title}
      onClose={props.onCancel}
      footer={
        <>
          <button type="button" className="button" onClick={props.onCancel} autoFocus>
            {props.cancelLabel}
          </button>
          <button type="button" className={`button ${props.danger ? 'button--danger' : 'button--primary'}`} onClick={props.onConfirm}>
            {props.confirmLabel}
          </button>
        </>
      }
    >
      {props.body}
    </Dialog>
  );
}
