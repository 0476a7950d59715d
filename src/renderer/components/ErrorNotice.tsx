import { useState } from 'react';
import { localizeError, errorText } from '../errors/localize';
import { hub } from '../hub';
import { useI18n } from '../i18n';
import { openSection } from '../sections';

/**
 * The one way a page shows a failed call: what happened in the user's language, the next step
 * (Go to Keys, Top up, Retry, Open settings) and, on demand, the code and main's own words.
 * Toasts are for confirmations only.
 */
export function ErrorNotice(props: {
  error: unknown;
  onRetry?: (() => void) | undefined;
  /** The answer kept part of its text. */
  partial?: boolean;
  compact?: boolean;
  /** Inline under a form field: one line, no buttons but Details. */
  inline?: boolean;
  testId?: string;
  /** Overrides the code's title, e.g. "The key was not created". */
  title?: string | undefined;
}) {
  const { locale } = useI18n();
  const [open, setOpen] = useState(false);
  const e = localizeError(props.error, locale);
  const say = (key: Parameters<typeof errorText>[1]) => errorText(locale, key);
  const kind = props.inline ? ' error-notice--inline' : props.compact ? ' error-notice--compact' : '';
  // The caller offers Retry where trying again makes sense; the code decides the main step.
  const retry = props.onRetry && e.code !== 'CANCELLED' && e.code !== 'INVALID_INPUT';

  return (
    <div className={`error-notice${kind}`} role="alert" data-testid={props.testId ?? 'error-notice'} data-code={e.code}>
      <div className="error-notice__text">
        {props.inline && !props.title ? null : <strong>{props.title ?? e.title}</strong>}
        {/* A long reason stays three lines in a narrow column; Details shows all of it. */}
        <span className={open ? 'error-notice__reason' : 'error-notice__reason error-notice__reason--clamped'} data-testid="error-reason">
          {e.text}
        </span>
        {props.partial ? <span className="error-notice__note">{say('note.partial')}</span> : null}
        {open ? (
          <dl className="error-notice__details">
            <dt>{say('details.code')}</dt>
            <dd>
              <code>{e.reason ? `${e.code} · ${e.reason}` : e.code}</code>
            </dd>
            {e.hubSaid ? (
              <>
                <dt>{say('details.hubSaid')}</dt>
                <dd>{e.hubSaid}</dd>
              </>
            ) : null}
            <dt>{say('details.message')}</dt>
            <dd lang="en">{e.message}</dd>
          </dl>
        ) : null}
      </div>
      <div className="error-notice__actions">
        {!props.inline && e.next === 'keys' ? (
          <button type="button" className="button button--small button--primary" onClick={() => openSection('keys')}>
            {say('action.goToKeys')}
          </button>
        ) : null}
        {!props.inline && e.next === 'topUp' && e.link ? (
          <button
            type="button"
            className="button button--small button--primary"
            title={e.link}
            onClick={() => void hub?.shell.openExternal({ url: e.link! }).catch(() => undefined)}
          >
            {say('action.topUp')}
          </button>
        ) : null}
        {!props.inline && e.next === 'settings' ? (
          <button type="button" className="button button--small" onClick={() => openSection('settings')}>
            {say('action.openSettings')}
          </button>
        ) : null}
        {!props.inline && retry ? (
          <button type="button" className="button button--small" onClick={props.onRetry}>
            {say('action.retry')}
          </button>
        ) : null}
        <button type="button" className="button button--small" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {say('action.details')}
        </button>
      </div>
    </div>
  );
}
