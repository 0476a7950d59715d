import { useEffect, useId, useRef, type Ref } from 'react';
import { useI18n } from '../../i18n';

const GROWS_BY_ITSELF = typeof CSS !== 'undefined' && CSS.supports('field-sizing', 'content');

/** The prompt box: Enter sends, Shift+Enter adds a line, Esc stops a running answer. */
export function Composer(props: {
  value: string;
  onChange: (text: string) => void;
  onSend: () => void;
  /** `click`: the Stop button, which took Send's place (a double click must not stop); `key`: Esc. */
  onStop: (how: 'click' | 'key') => void;
  streaming: boolean;
  /** Why sending is not possible right now (shown under the box), or null. */
  blocked: string | null;
  placeholder: string;
  sendLabel?: string;
  ref?: Ref<HTMLTextAreaElement>;
  testId?: string;
}) {
  const { t } = useI18n();
  const local = useRef<HTMLTextAreaElement | null>(null);
  const hintId = useId();

  // Grow with the text up to about ten lines, then scroll. CSS `field-sizing: content` does it
  // without script; elsewhere only a change of the line count measures (one forced layout per new line,
  // not per keystroke, which with a long conversation on screen laid out the whole page each time).
  const lines = props.value.split('\n').length + Math.floor(props.value.length / 80);
  useEffect(() => {
    const el = local.current;
    if (!el || GROWS_BY_ITSELF) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight + 2, 240)}px`;
  }, [lines]);

  const canSend = !props.streaming && !props.blocked && props.value.trim() !== '';
  return (
    <div className="composer" data-testid={props.testId}>
      <div className="composer__box">
        <textarea
          ref={(el) => {
            local.current = el;
            if (typeof props.ref === 'function') props.ref(el);
            else if (props.ref) (props.ref as { current: HTMLTextAreaElement | null }).current = el;
          }}
          rows={2}
          value={props.value}
          placeholder={props.placeholder}
          aria-label={t('playground.composer.label')}
          aria-describedby={hintId}
          onChange={(e) => props.onChange(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              if (canSend) props.onSend();
            } else if (e.key === 'Escape' && props.streaming) {
              e.preventDefault();
              props.onStop('key');
            }
          }}
        />
        {props.streaming ? (
          <button
            type="button"
            className="button button--stop"
            onClick={() => props.onStop('click')}
            title={t('playground.composer.stopHelp')}
          >
            <span className="stop-square" aria-hidden="true" />
            {t('playground.composer.stop')}
          </button>
        ) : (
          <button
            type="button"
            className="button button--primary"
            onClick={props.onSend}
            disabled={!canSend}
            title={t('playground.composer.sendHelp')}
          >
            {props.sendLabel ?? t('playground.composer.send')}
          </button>
        )}
      </div>
      <p id={hintId} className={`composer__hint small${props.blocked ? ' composer__hint--blocked' : ''}`}>
        {props.blocked ?? t('playground.composer.hint')}
      </p>
    </div>
  );
}

/** The system prompt, folded away until the user wants it. */
export function SystemPrompt(props: { value: string; onChange: (v: string) => void; open: boolean; onToggle: () => void }) {
  const { t } = useI18n();
  const summary = props.value.trim() ? props.value.trim().replace(/\s+/g, ' ') : t('playground.system.none');
  return (
    <div className={`system-prompt${props.open ? ' is-open' : ''}`}>
      <button type="button" className="system-prompt__toggle" aria-expanded={props.open} onClick={props.onToggle}>
        <span className="system-prompt__chevron" aria-hidden="true">
          ▸
        </span>
        <span className="system-prompt__label">{t('playground.system.label')}</span>
        {!props.open ? <span className="system-prompt__summary">{summary}</span> : null}
      </button>
      {props.open ? (
        <textarea
          className="system-prompt__input"
          rows={3}
          value={props.value}
          aria-label={t('playground.system.label')}
          placeholder={t('playground.system.placeholder')}
          onChange={(e) => props.onChange(e.target.value)}
        />
      ) : null}
    </div>
  );
}
