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
  const ctrlEnter = (run: () => void) => (e: React.KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      run();
    }
  };

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
          <label htmlFor={`${id}-text`} className="visually-hidden">
            {t('playground.embed.text')}
          </label>
          <textarea
            id={`${id}-text`}
            rows={4}
            value={text}
            placeholder={t('playground.embed.textPlaceholder')}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={ctrlEnter(() => void embed())}
          />
          <div className="media__actions">
            <button
              type="button"
              className="button button--primary"
              onClick={() => void embed()}
              disabled={embedding.busy || !!notReady || !text.trim()}
              title={`${t('playground.embed.run')} (${shortcut('Enter')})`}
            >
              {embedding.busy ? t('common.working') : t('playground.embed.run')}
            </button>
          </div>
          {embedding.error ? <ErrorNotice testId="pg-error" error={embedding.error} onRetry={() => void embed()} compact /> : null}
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
          <label htmlFor={`${id}-a`} className="visually-hidden">
            {t('playground.embed.textA')}
          </label>
          <textarea
            id={`${id}-a`}
            rows={2}
            value={a}
            placeholder={t('playground.embed.textA')}
            onChange={(e) => setA(e.target.value)}
            onKeyDown={ctrlEnter(() => void compare())}
          />
          <label htmlFor={`${id}-b`} className="visually-hidden">
            {t('playground.embed.textB')}
          </label>
          <textarea
            id={`${id}-b`}
            rows={2}
            value={b}
            placeholder={t('playground.embed.textB')}
            onChange={(e) => setB(e.target.value)}
            onKeyDown={ctrlEnter(() => void compare())}
          />
          <div className="media__actions">
            <button
              type="button"
              className="button button--primary"
              onClick={() => void compare()}
              disabled={similarity.busy || !!notReady || !a.trim() || !b.trim()}
            >
              {similarity.busy ? t('common.working') : t('playground.embed.compare')}
            </button>
          </div>
          {similarity.error ? <ErrorNotice testId="pg-error" error={similarity.error} onRetry={() => void compare()} compact /> : null}
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
