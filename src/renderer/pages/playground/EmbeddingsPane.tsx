import { useEffect, useId, useState, type Ref } from 'react';
import type { ErrorValue } from '../../../shared/errors';
import type { CompareTextsResult, EmbeddingResult } from '../../../shared/playground';
import { usePlayground } from '../../store/playground';
import { useI18n } from '../../i18n';
import { findModel, firstAvailable, type ModelsState } from './data';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDecimal, formatDuration, formatInt } from './format';
import { PaneModelPicker } from './PaneModelPicker';
import type { ModelPickerHandle } from './ModelPicker';
import { shortcut, toErrorValue } from './helpers';

const PREVIEW = 8;

/** Embeddings: a text's vector (dimension and first values), and the cosine similarity of two texts. */
export function EmbeddingsPane(props: {
  models: ModelsState;
  keyId: string | null;
  pickerRef: Ref<ModelPickerHandle>;
  goToKeys: () => void;
}) {
  const { t, locale } = useI18n();
  const { actions } = usePlayground();
  const id = useId();
  const [model, setModel] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  const [embedding, setEmbedding] = useState<{ busy: boolean; value: EmbeddingResult | null; error: ErrorValue | null }>({
    busy: false,
    value: null,
    error: null,
  });
  const [similarity, setSimilarity] = useState<{ busy: boolean; value: CompareTextsResult | null; error: ErrorValue | null }>({
    busy: false,
    value: null,
    error: null,
  });

  useEffect(() => {
    // A model of this hub: the first available one, also after switching to a key of another hub.
    if (props.models.result && (!model || !findModel(props.models.result, model))) {
      const first = firstAvailable(props.models.result);
      if (first) setModel(first.key);
    }
  }, [model, props.models.result]);

  const notReady = !props.keyId ? t('playground.blocked.noKey') : !model ? t('playground.blocked.noModel') : null;

  const embed = async () => {
    if (notReady || !props.keyId || !model || !text.trim()) return;
    setEmbedding((s) => ({ ...s, busy: true, error: null }));
    try {
      const value = await actions.embed({ keyId: props.keyId, model, input: text });
      setEmbedding({ busy: false, value, error: null });
    } catch (e) {
      setEmbedding((s) => ({ ...s, busy: false, error: toErrorValue(e) }));
    }
  };

  const compare = async () => {
    if (notReady || !props.keyId || !model || !a.trim() || !b.trim()) return;
    setSimilarity((s) => ({ ...s, busy: true, error: null }));
    try {
      const value = await actions.compareTexts({ keyId: props.keyId, model, a, b });
      setSimilarity({ busy: false, value, error: null });
    } catch (e) {
      setSimilarity((s) => ({ ...s, busy: false, error: toErrorValue(e) }));
    }
  };

  const num = (v: number) => formatDecimal(v, locale, 4);
  return (
    <section className="embed card" aria-label={t('playground.tab.embeddings')} data-testid="embeddings">
      <div className="embed__model">
        <PaneModelPicker
          kind="embedding"
          label={t('playground.embed.model')}
          models={props.models}
          keyId={props.keyId}
          pickerRef={props.pickerRef}
          value={model}
          onChange={setModel}
          testId="embed-model"
        />
        {notReady ? <span className="small muted">{notReady}</span> : null}
      </div>

      <div className="embed__grid">
        <div className="embed__block">
          <h2>{t('playground.embed.one')}</h2>
          <p className="small muted">{t('playground.embed.oneHelp')}</p>
          <TextField
            id={`${id}-text`}
            label={t('playground.embed.text')}
            placeholder={t('playground.embed.textPlaceholder')}
            rows={4}
            value={text}
            onChange={setText}
            onRun={() => void embed()}
          />
          <RunRow
            label={t('playground.embed.run')}
            title={`${t('playground.embed.run')} (${shortcut('Enter')})`}
            state={embedding}
            disabled={!!notReady || !text.trim()}
            onRun={() => void embed()}
          />
          {embedding.value ? (
            <div className="embed__result" data-testid="embedding-result">
              <dl className="embed__facts">
                <div>
                  <dt>{t('playground.embed.dimension')}</dt>
                  <dd data-testid="embedding-dimension">{formatInt(embedding.value.dimension, locale)}</dd>
                </div>
                <div>
                  <dt>{t('playground.metrics.total')}</dt>
                  <dd>{formatDuration(embedding.value.durationMs, locale)}</dd>
                </div>
              </dl>
              <p className="small muted">{t('playground.embed.preview', { n: Math.min(PREVIEW, embedding.value.preview.length) })}</p>
              <code className="embed__vector">
                [{embedding.value.preview.slice(0, PREVIEW).map(num).join(', ')}
                {embedding.value.dimension > PREVIEW ? ', …' : ''}]
              </code>
            </div>
          ) : null}
        </div>

        <div className="embed__block">
          <h2>{t('playground.embed.two')}</h2>
          <p className="small muted">{t('playground.embed.twoHelp')}</p>
          <TextField
            id={`${id}-a`}
            label={t('playground.embed.textA')}
            placeholder={t('playground.embed.textA')}
            rows={2}
            value={a}
            onChange={setA}
            onRun={() => void compare()}
          />
          <TextField
            id={`${id}-b`}
            label={t('playground.embed.textB')}
            placeholder={t('playground.embed.textB')}
            rows={2}
            value={b}
            onChange={setB}
            onRun={() => void compare()}
          />
          <RunRow
            label={t('playground.embed.compare')}
            state={similarity}
            disabled={!!notReady || !a.trim() || !b.trim()}
            onRun={() => void compare()}
          />
          {similarity.value ? (
            <div className="embed__result" data-testid="similarity-result">
              <div className="similarity">
                <span className="similarity__value" data-testid="similarity-value">
                  {formatDecimal(similarity.value.similarity, locale, 4)}
                </span>
                <span className="similarity__label">{t(similarityLabel(similarity.value.similarity))}</span>
              </div>
              <div
                className="similarity__bar"
                role="meter"
                aria-valuemin={-1}
                aria-valuemax={1}
                aria-valuenow={similarity.value.similarity}
                aria-label={t('playground.embed.similarity')}
              >
                <span style={{ width: `${((similarity.value.similarity + 1) / 2) * 100}%` }} />
              </div>
              <p className="small muted">
                {t('playground.embed.similarityHelp', {
                  dimension: formatInt(similarity.value.dimension, locale),
                  time: formatDuration(similarity.value.durationMs, locale),
                })}
              </p>
            </div>
          ) : null}
        </div>
      </div>
    </section>
  );
}

function similarityLabel(s: number) {
  if (s >= 0.9) return 'playground.embed.verySimilar' as const;
  if (s >= 0.7) return 'playground.embed.similar' as const;
  if (s >= 0.4) return 'playground.embed.related' as const;
  return 'playground.embed.unrelated' as const;
}

/** A text box whose label is for screen readers only (the block's heading says what it is for); Ctrl/Cmd+Enter runs. */
function TextField(props: {
  id: string;
  label: string;
  placeholder: string;
  rows: number;
  value: string;
  onChange: (value: string) => void;
  onRun: () => void;
}) {
  return (
    <>
      <label htmlFor={props.id} className="visually-hidden">
        {props.label}
      </label>
      <textarea
        id={props.id}
        rows={props.rows}
        value={props.value}
        placeholder={props.placeholder}
        onChange={(e) => props.onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            props.onRun();
          }
        }}
      />
    </>
  );
}

/** The block's run button and, under it, what went wrong with the last run. */
function RunRow(props: { label: string; title?: string; state: { busy: boolean; error: unknown }; disabled: boolean; onRun: () => void }) {
  const { t } = useI18n();
  return (
    <>
      <div className="media__actions">
        <button
          type="button"
          className="button button--primary"
          onClick={props.onRun}
          disabled={props.state.busy || props.disabled}
          title={props.title}
        >
          {props.state.busy ? t('common.working') : props.label}
        </button>
      </div>
      {props.state.error ? <ErrorNotice testId="pg-error" error={props.state.error} onRetry={props.onRun} compact /> : null}
    </>
  );
}
