import { useId } from 'react';
import { DEFAULT_JSON_SCHEMA_NAME } from '../../../shared/code-export';
import { useI18n } from '../../i18n';
import { EMPTY_PARAMS, RANGES, SCHEMA_EXAMPLE, type NumericParam, type ParamErrors, type ParamsDraft } from './params';

const FIELDS: { name: NumericParam; label: 'temperature' | 'topP' | 'maxTokens' | 'presencePenalty' | 'frequencyPenalty' }[] = [
  { name: 'temperature', label: 'temperature' },
  { name: 'topP', label: 'topP' },
  { name: 'maxTokens', label: 'maxTokens' },
  { name: 'presencePenalty', label: 'presencePenalty' },
  { name: 'frequencyPenalty', label: 'frequencyPenalty' },
];

/** Sampling parameters with the hub's ranges; an empty field means "the model's default". */
/** The toolbar button that opens the parameters, with how many differ from the defaults and a mark when one is invalid. */
export function ParamsToggle(props: { open: boolean; onToggle: () => void; changed: number; valid: boolean }) {
  const { t } = useI18n();
  return (
    <button
      type="button"
      className={`button button--small${props.open ? ' is-on' : ''}`}
      aria-expanded={props.open}
      onClick={props.onToggle}
      title={t('playground.params.toggleHelp')}
    >
      {t('playground.params.title')}
      {props.changed ? <span className="count">{props.changed}</span> : null}
      {!props.valid ? <span className="count count--bad">!</span> : null}
    </button>
  );
}

export function ParamsPanel(props: {
  value: ParamsDraft;
  errors: ParamErrors;
  modelMaxTokens?: number | undefined;
  onChange: (next: ParamsDraft) => void;
  onClose: () => void;
}) {
  const { t, locale } = useI18n();
  const id = useId();
  const { value, errors } = props;
  const set = (patch: Partial<ParamsDraft>) => props.onChange({ ...value, ...patch });
  const num = (n: number) => new Intl.NumberFormat(locale).format(n);

  return (
    <aside className="params card" aria-labelledby={`${id}-title`} data-testid="params-panel">
      <div className="params__head">
        <h2 id={`${id}-title`}>{t('playground.params.title')}</h2>
        <button
          type="button"
          className="icon-button"
          onClick={props.onClose}
          aria-label={t('playground.params.close')}
          title={t('playground.params.close')}
        >
          ×
        </button>
      </div>
      <p className="small muted params__intro">{t('playground.params.intro')}</p>
      {FIELDS.map(({ name, label }) => {
        const range = RANGES[name];
        const max = name === 'maxTokens' && props.modelMaxTokens ? props.modelMaxTokens : range.max;
        const error = errors[name];
        const fieldId = `${id}-${name}`;
        const helpId = `${fieldId}-help`;
        const showSlider = name !== 'maxTokens';
        return (
          <div className="params__field" key={name}>
            <label htmlFor={fieldId}>{t(`playground.params.${label}`)}</label>
            <div className="params__control">
              {showSlider ? (
                <input
                  type="range"
                  min={range.min}
                  max={range.max}
                  step={range.step}
                  value={value[name] === '' || !Number.isFinite(Number(value[name])) ? defaultFor(name) : Number(value[name])}
                  onChange={(e) => set({ [name]: e.target.value } as Partial<ParamsDraft>)}
                  aria-hidden="true"
                  tabIndex={-1}
                  className={value[name] === '' ? 'is-default' : undefined}
                />
              ) : null}
              <input
                id={fieldId}
                type="text"
                inputMode="decimal"
                className={`params__input${error ? ' is-invalid' : ''}`}
                value={value[name]}
                placeholder={t('playground.params.default')}
                aria-invalid={error ? true : undefined}
                aria-describedby={helpId}
                onChange={(e) => set({ [name]: e.target.value } as Partial<ParamsDraft>)}
              />
            </div>
            <small id={helpId} className={error ? 'params__error' : 'help'}>
              {error ? t(error.key, error.vars) : t(`playground.params.${label}Help`, { min: num(range.min), max: num(max) })}
            </small>
          </div>
        );
      })}
      <div className="params__field">
        <span className="params__label" id={`${id}-format`}>
          {t('playground.params.format')}
        </span>
        <div className="segmented" role="radiogroup" aria-labelledby={`${id}-format`}>
          {(['text', 'json_schema'] as const).map((f) => (
            <label key={f} className="segmented__option">
              <input
                type="radio"
                name={`${id}-format`}
                checked={value.responseFormat === f}
                onChange={() =>
                  set({ responseFormat: f, jsonSchema: f === 'json_schema' && !value.jsonSchema ? SCHEMA_EXAMPLE : value.jsonSchema })
                }
              />
              <span>{f === 'text' ? t('playground.params.formatText') : t('playground.params.formatJson')}</span>
            </label>
          ))}
        </div>
        {value.responseFormat === 'json_schema' ? (
          <>
            <label htmlFor={`${id}-schema-name`} className="params__label">
              {t('playground.params.schemaName')}
            </label>
            <input
              id={`${id}-schema-name`}
              className={`params__schema-name${errors.jsonSchemaName ? ' is-invalid' : ''}`}
              value={value.jsonSchemaName}
              placeholder={DEFAULT_JSON_SCHEMA_NAME}
              spellCheck={false}
              maxLength={64}
              aria-invalid={errors.jsonSchemaName ? true : undefined}
              aria-describedby={`${id}-schema-name-help`}
              onChange={(e) => set({ jsonSchemaName: e.target.value })}
            />
            <small id={`${id}-schema-name-help`} className={errors.jsonSchemaName ? 'params__error' : 'help'}>
              {errors.jsonSchemaName ? t(errors.jsonSchemaName.key) : t('playground.params.schemaNameHelp')}
            </small>
            <label htmlFor={`${id}-schema`} className="visually-hidden">
              {t('playground.params.schema')}
            </label>
            <textarea
              id={`${id}-schema`}
              className={`params__schema${errors.jsonSchema ? ' is-invalid' : ''}`}
              rows={8}
              spellCheck={false}
              value={value.jsonSchema}
              aria-invalid={errors.jsonSchema ? true : undefined}
              aria-describedby={`${id}-schema-help`}
              onChange={(e) => set({ jsonSchema: e.target.value })}
            />
            <small id={`${id}-schema-help`} className={errors.jsonSchema ? 'params__error' : 'help'}>
              {errors.jsonSchema ? t(errors.jsonSchema.key, errors.jsonSchema.vars) : t('playground.params.schemaHelp')}
            </small>
          </>
        ) : null}
      </div>
      <button type="button" className="button button--small params__reset" onClick={() => props.onChange(EMPTY_PARAMS)}>
        {t('playground.params.reset')}
      </button>
    </aside>
  );
}

function defaultFor(name: NumericParam): number {
  if (name === 'temperature') return 1;
  if (name === 'topP') return 1;
  return 0;
}
