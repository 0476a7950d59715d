import { cloneElement, useId, type ReactElement, type ReactNode } from 'react';

/**
 * A labelled form control: the label names only the control, and the help text
 * is tied to it with aria-describedby, so screen readers (and tests) read both right.
 */
export function Field(props: {
  label: ReactNode;
  help?: ReactNode;
  optional?: string;
  children: ReactElement<Record<string, unknown>>;
  after?: ReactNode;
}) {
  const id = useId();
  const helpId = `${id}-help`;
  const control = cloneElement(props.children, { id, ...(props.help ? { 'aria-describedby': helpId } : {}) });
  return (
    <div className="field">
      <label htmlFor={id}>
        {props.label}
        {props.optional ? <span className="muted"> {props.optional}</span> : null}
      </label>
      {props.after ? (
        <span className="input-with-button">
          {control}
          {props.after}
        </span>
      ) : (
        control
      )}
      {props.help ? (
        <small id={helpId} className="help">
          {props.help}
        </small>
      ) : null}
    </div>
  );
}
