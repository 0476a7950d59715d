import { useEffect, useId, useImperativeHandle, useMemo, useRef, useState, type Ref } from 'react';
import { localizeError } from '../../errors/localize';
import type { HubModel } from '../../../shared/keys';
import type { ListModelsResult } from '../../../shared/playground';
import type { ErrorValue } from '../../../shared/errors';
import { useI18n, type MessageKey } from '../../i18n';
import { exactMatch, filterGroups, isAvailable } from './choice';
import { formatCredits, perMillion } from './format';

export interface ModelPickerHandle {
  /** Opens the list with the search box focused (Ctrl/Cmd+K). */
  open(): void;
}

const FEATURE_LABELS: Record<string, MessageKey> = {
  vision: 'playground.feature.vision',
  tools: 'playground.feature.tools',
  thinking: 'playground.feature.thinking',
};

/**
 * A searchable model list grouped by provider: type to filter, arrows to move,
 * Enter to pick, Esc to close. Shows each model's rates and features; models
 * the hub reports as unavailable are marked and cannot be picked unless the
 * user asks for them.
 */
export function ModelPicker(props: {
  label: string;
  models: ListModelsResult | null;
  value: string | null;
  onChange: (model: string) => void;
  loading: boolean;
  error: ErrorValue | null;
  onReload: (refresh?: boolean) => void;
  kind: 'chat' | 'image' | 'embedding';
  shortcutHint?: string;
  disabled?: boolean;
  ref?: Ref<ModelPickerHandle>;
  testId?: string;
}) {
  const { t, locale } = useI18n();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState<string | null>(null);
  const [allowUnavailable, setAllowUnavailable] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const popRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const baseId = useId();
  const listId = `${baseId}-list`;
  const optionId = (key: string) => `${baseId}-opt-${key.replace(/[^\w-]/g, '_')}`;

  const openAndFocus = () => {
    if (props.disabled) return;
    setOpen(true);
    requestAnimationFrame(() => inputRef.current?.focus());
  };
  useImperativeHandle(props.ref, () => ({ open: openAndFocus }));

  const groups = useMemo(() => filterGroups(props.models, query), [props.models, query]);
  const selectable = useMemo(
    () => groups.flatMap((g) => g.models).filter((m) => allowUnavailable || isAvailable(m)),
    [groups, allowUnavailable],
  );
  const current = props.models?.models.find((m) => m.key === props.value);

  useEffect(() => {
    if (!open) return;
    // A model named exactly as typed wins over the one highlighted before (Enter picks it).
    const exact = exactMatch(selectable, query);
    setActive((a) =>
      exact
        ? exact.key
        : a && selectable.some((m) => m.key === a)
          ? a
          : (selectable.find((m) => m.key === props.value)?.key ?? selectable[0]?.key ?? null),
    );
  }, [open, selectable, props.value, query]);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      const target = e.target as Node;
      if (!popRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  useEffect(() => {
    if (!open || !active) return;
    document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' });
    // optionId only depends on the stable base id.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, active]);

  const close = (focusButton = true) => {
    setOpen(false);
    setQuery('');
    if (focusButton) buttonRef.current?.focus();
  };

  const pick = (m: HubModel) => {
    if (!allowUnavailable && !isAvailable(m)) return;
    props.onChange(m.key);
    close();
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const i = selectable.findIndex((m) => m.key === active);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!selectable.length) return;
      const next = e.key === 'ArrowDown' ? (i + 1) % selectable.length : (i - 1 + selectable.length) % selectable.length;
      setActive(selectable[next]!.key);
    } else if (e.key === 'Home' || e.key === 'End') {
      if (!selectable.length) return;
      e.preventDefault();
      setActive(selectable[e.key === 'Home' ? 0 : selectable.length - 1]!.key);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const m = selectable[i];
      if (m) pick(m);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
    } else if (e.key === 'Tab') {
      close(false);
    }
  };

  const title = props.shortcutHint ? `${props.label} (${props.shortcutHint})` : props.label;

  return (
    <div className="model-picker" data-testid={props.testId}>
      <button
        ref={buttonRef}
        type="button"
        className="model-picker__button"
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-label={`${props.label}: ${current ? current.model : (props.value ?? t('playground.model.none'))}`}
        title={title}
        disabled={props.disabled}
        onClick={() => (open ? close() : openAndFocus())}
      >
        <span className="model-picker__name">
          {props.loading && !props.models ? (
            t('playground.model.loading')
          ) : current ? (
            <>
              <span className="model-picker__model">{current.model}</span>
              <span className="model-picker__provider">{current.providerDisplayName}</span>
            </>
          ) : props.value ? (
            <span className="model-picker__model">{props.value}</span>
          ) : (
            <span className="muted">{t('playground.model.choose')}</span>
          )}
        </span>
        {current && !isAvailable(current) ? <span className="badge badge--warn">{t('playground.model.unavailable')}</span> : null}
        {props.value && props.models && !current ? <span className="badge badge--warn">{t('playground.model.notListed')}</span> : null}
        <span className="model-picker__chevron" aria-hidden="true">
          ▾
        </span>
      </button>
      {open ? (
        <div ref={popRef} className="model-picker__pop" role="dialog" aria-label={props.label} onKeyDown={onKeyDown}>
          <div className="model-picker__search">
            <input
              ref={inputRef}
              type="search"
              role="combobox"
              aria-expanded="true"
              aria-controls={listId}
              aria-autocomplete="list"
              aria-activedescendant={active ? optionId(active) : undefined}
              aria-label={t('playground.model.search')}
              placeholder={t('playground.model.searchPlaceholder')}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
            />
            <button
              type="button"
              className="button button--small"
              onClick={() => props.onReload(true)}
              disabled={props.loading}
              title={t('playground.model.refreshHelp')}
            >
              {props.loading ? t('playground.model.refreshing') : t('playground.model.refresh')}
            </button>
          </div>
          <p className="model-picker__legend small muted">{legend(props.kind, t)}</p>
          {props.error ? (
            <p className="form-error model-picker__error" role="alert">
              {localizeError(props.error, locale).text}
            </p>
          ) : null}
          <ul ref={listRef} id={listId} role="listbox" aria-label={props.label} className="model-picker__list">
            {groups.map((g) => (
              <li key={g.provider} role="presentation">
                <div className="model-picker__group" id={`${baseId}-g-${g.provider}`} aria-hidden="true">
                  {g.providerDisplayName}
                </div>
                <ul role="group" aria-labelledby={`${baseId}-g-${g.provider}`} className="model-picker__options">
                  {g.models.map((m) => {
                    const available = isAvailable(m);
                    const disabled = !available && !allowUnavailable;
                    return (
                      <li
                        key={m.key}
                        id={optionId(m.key)}
                        role="option"
                        aria-selected={m.key === props.value}
                        aria-disabled={disabled || undefined}
                        data-active={m.key === active || undefined}
                        data-model={m.key}
                        className="model-option"
                        onMouseDown={(e) => e.preventDefault()}
                        onMouseEnter={() => !disabled && setActive(m.key)}
                        onClick={() => pick(m)}
                      >
                        <div className="model-option__top">
                          <span className="model-option__name">{m.model}</span>
                          {m.key === props.value ? (
                            <span className="model-option__check" aria-hidden="true">
                              ✓
                            </span>
                          ) : null}
                          <span className="model-option__badges">
                            {m.features.map((f) => (
                              <span key={f} className={`feature feature--${f}`}>
                                {FEATURE_LABELS[f] ? t(FEATURE_LABELS[f]) : f}
                              </span>
                            ))}
                            {!available ? (
                              <span className="badge badge--warn" title={m.status.error}>
                                {t('playground.model.unavailable')}
                              </span>
                            ) : null}
                          </span>
                        </div>
                        <div className="model-option__meta small">
                          <span>{rates(m, props.kind, t, locale)}</span>
                          {m.maxTokens ? (
                            <span>{t('playground.model.context', { n: new Intl.NumberFormat(locale).format(m.maxTokens) })}</span>
                          ) : null}
                        </div>
                        {!available && (m.status.error || m.unreadable) ? (
                          <div className="model-option__why small muted" data-testid="model-unavailable-reason">
                            {m.status.error ?? t('playground.model.unreadable')}
                          </div>
                        ) : null}
                      </li>
                    );
                  })}
                </ul>
              </li>
            ))}
          </ul>
          {groups.length === 0 && !props.loading ? (
            <p className="model-picker__none muted">
              {props.models?.models.length ? t('playground.model.noMatch', { query }) : t('playground.model.noModels')}
            </p>
          ) : null}
          {props.models?.models.some((m) => !isAvailable(m)) ? (
            <label className="checkbox model-picker__allow small">
              <input type="checkbox" checked={allowUnavailable} onChange={(e) => setAllowUnavailable(e.target.checked)} />
              {t('playground.model.allowUnavailable')}
            </label>
          ) : null}
        </div>
      ) : null}
      {!open && props.error && !props.models ? (
        <span className="model-picker__inline-error small" role="alert">
          {localizeError(props.error, locale).text}{' '}
          <button type="button" className="link-button" onClick={() => props.onReload(true)}>
            {t('playground.retry')}
          </button>
        </span>
      ) : null}
    </div>
  );
}

type T = ReturnType<typeof useI18n>['t'];

function legend(kind: 'chat' | 'image' | 'embedding', t: T): string {
  if (kind === 'image') return t('playground.model.legendImage');
  if (kind === 'embedding') return t('playground.model.legendEmbedding');
  return t('playground.model.legendChat');
}

/** "In 2 · Out 8" credits per 1M tokens; images per image; null rates said plainly. */
export function rates(m: HubModel, kind: 'chat' | 'image' | 'embedding', t: T, locale: 'en' | 'zh-CN'): string {
  const input = m.inputCreditsPerToken;
  const output = m.outputCreditsPerToken;
  if (kind === 'image') {
    return output === null ? t('playground.rate.unknown') : t('playground.rate.perImage', { credits: formatCredits(output, locale) });
  }
  if (kind === 'embedding') {
    return input === null ? t('playground.rate.unknown') : t('playground.rate.inOnly', { input: formatCredits(perMillion(input), locale) });
  }
  if (input === null || output === null) return t('playground.rate.unknown');
  return t('playground.rate.inOut', { input: formatCredits(perMillion(input), locale), output: formatCredits(perMillion(output), locale) });
}
