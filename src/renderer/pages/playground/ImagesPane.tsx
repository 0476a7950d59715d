import { useEffect, useId, useState, type Ref } from 'react';
import type { ErrorValue } from '../../../shared/errors';
import type { ImageResult } from '../../../shared/playground';
import { useToasts } from '../../components/Toasts';
import { usePlayground } from '../../store/playground';
import { useI18n } from '../../i18n';
import { findModel, firstAvailable, type ModelsState } from './data';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatBytes, formatCredits, formatDuration } from './format';
import { PaneModelPicker } from './PaneModelPicker';
import type { ModelPickerHandle } from './ModelPicker';
import { base64ToBytes, shortcut, toErrorValue } from './helpers';

const DEFAULT_SIZES = ['256x256', '512x512', '1024x1024'];

/** Image generation: prompt, model, size and count; each result can be saved or copied. */
export function ImagesPane(props: { models: ModelsState; keyId: string | null; pickerRef: Ref<ModelPickerHandle>; goToKeys: () => void }) {
  const { t, locale } = useI18n();
  const { actions } = usePlayground();
  const toasts = useToasts();
  const id = useId();
  const [model, setModel] = useState<string | null>(null);
  const [prompt, setPrompt] = useState('');
  const [size, setSize] = useState('');
  const [count, setCount] = useState('1');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ prompt: string; value: ImageResult } | null>(null);
  const [error, setError] = useState<ErrorValue | null>(null);

  const info = findModel(props.models.result, model);
  const sizes = info?.imageGeneration?.size.length ? info.imageGeneration.size : DEFAULT_SIZES;
  const maxCount = Math.min(10, info?.imageGeneration?.max ?? 10);

  useEffect(() => {
    // A model of this hub: the first available one, also after switching to a key of another hub.
    if (props.models.result && (!model || !findModel(props.models.result, model))) {
      const first = firstAvailable(props.models.result);
      if (first) setModel(first.key);
    }
  }, [model, props.models.result]);

  useEffect(() => {
    if (!sizes.includes(size)) setSize(sizes[0] ?? '');
  }, [sizes, size]);

  const n = Number(count);
  const countError = !Number.isInteger(n) || n < 1 || n > maxCount ? t('playground.images.countRange', { max: maxCount }) : null;
  const blocked = !props.keyId
    ? t('playground.blocked.noKey')
    : !model
      ? t('playground.blocked.noModel')
      : countError
        ? countError
        : prompt.trim() === ''
          ? t('playground.images.needPrompt')
          : null;

  const generate = async () => {
    if (blocked || !props.keyId || !model) return;
    setBusy(true);
    setError(null);
    try {
      const value = await actions.image({ keyId: props.keyId, model, prompt: prompt.trim(), n, ...(size ? { size } : {}) });
      setResult({ prompt: prompt.trim(), value });
    } catch (e) {
      setError(toErrorValue(e));
    } finally {
      setBusy(false);
    }
  };

  const copy = async (mimeType: string, base64: string) => {
    try {
      if (typeof ClipboardItem === 'undefined' || !navigator.clipboard?.write) throw new Error('unsupported');
      const blob = mimeType === 'image/png' ? new Blob([base64ToBytes(base64)], { type: 'image/png' }) : await toPng(mimeType, base64);
      await navigator.clipboard.write([new ClipboardItem({ 'image/png': blob })]);
      toasts.show({ kind: 'success', text: t('playground.images.copied'), ttlMs: 2500 });
    } catch {
      toasts.show({ kind: 'error', text: t('playground.images.copyFailed'), ttlMs: 6000 });
    }
  };

  return (
    <section className="media card" aria-label={t('playground.tab.images')} data-testid="images">
      <form
        className="media__form"
        onSubmit={(e) => {
          e.preventDefault();
          void generate();
        }}
      >
        <div className="field">
          <PaneModelPicker
            kind="image"
            label={t('playground.images.model')}
            models={props.models}
            keyId={props.keyId}
            pickerRef={props.pickerRef}
            value={model}
            onChange={setModel}
            testId="image-model"
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-prompt`}>{t('playground.images.prompt')}</label>
          <textarea
            id={`${id}-prompt`}
            rows={4}
            maxLength={4000}
            value={prompt}
            placeholder={t('playground.images.promptPlaceholder')}
            onChange={(e) => setPrompt(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void generate();
              }
            }}
          />
        </div>
        <div className="media__row">
          <div className="field">
            <label htmlFor={`${id}-size`}>{t('playground.images.size')}</label>
            <select id={`${id}-size`} value={size} onChange={(e) => setSize(e.target.value)}>
              {sizes.map((s) => (
                <option key={s} value={s}>
                  {s.replace('x', ' × ')}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-count`}>{t('playground.images.count')}</label>
            <input
              id={`${id}-count`}
              type="number"
              min={1}
              max={maxCount}
              step={1}
              value={count}
              aria-invalid={countError ? true : undefined}
              onChange={(e) => setCount(e.target.value)}
            />
          </div>
        </div>
        {countError ? <p className="params__error small">{countError}</p> : null}
        <div className="media__actions">
          <button
            type="submit"
            className="button button--primary"
            disabled={busy || blocked !== null}
            title={`${t('playground.images.generate')} (${shortcut('Enter')})`}
          >
            {busy ? t('playground.images.generating') : t('playground.images.generate')}
          </button>
          {blocked && !countError ? <span className="small muted">{blocked}</span> : null}
        </div>
        {info ? (
          <p className="small muted">
            {info.outputCreditsPerToken !== null
              ? t('playground.images.rate', { credits: formatCredits(info.outputCreditsPerToken, locale) })
              : t('playground.rate.unknown')}
          </p>
        ) : null}
      </form>

      <div className="media__results" aria-live="polite" aria-busy={busy || undefined}>
        {error ? <ErrorNotice testId="pg-error" error={error} onRetry={() => void generate()} /> : null}
        {busy ? <p className="progress-line">{t('playground.images.generating')}</p> : null}
        {!busy && !result && !error ? (
          <div className="media__empty">
            <h3>{t('playground.images.emptyTitle')}</h3>
            <p>{t('playground.images.emptyBody')}</p>
          </div>
        ) : null}
        {result ? (
          <>
            <p className="small muted media__summary" data-testid="image-summary">
              {t('playground.images.summary', {
                count: result.value.images.length,
                model: result.value.model,
                time: formatDuration(result.value.durationMs, locale),
              })}
              {result.value.credits !== null
                ? ` · ${result.value.creditsAreEstimate ? '≈ ' : ''}${t('playground.images.credits', { credits: formatCredits(result.value.credits, locale) })}${
                    result.value.creditsAreEstimate ? ` ${t('playground.metrics.estimate')}` : ''
                  }`
                : ''}
            </p>
            <ul className="images">
              {result.value.images.map((img, i) => {
                const src = `data:${img.mimeType};base64,${img.base64}`;
                const ext = img.mimeType.split('/')[1]?.replace('jpeg', 'jpg') ?? 'png';
                return (
                  <li key={i} className="image-card" data-testid="image-result">
                    <img src={src} alt={t('playground.images.alt', { n: i + 1, prompt: result.prompt })} />
                    <div className="image-card__bar">
                      <span className="small muted">{formatBytes(img.bytes, locale)}</span>
                      <span className="image-card__actions">
                        <a className="button button--small" href={src} download={`image-${i + 1}.${ext}`}>
                          {t('playground.images.save')}
                        </a>
                        <button type="button" className="button button--small" onClick={() => void copy(img.mimeType, img.base64)}>
                          {t('playground.copy')}
                        </button>
                      </span>
                    </div>
                  </li>
                );
              })}
            </ul>
          </>
        ) : null}
      </div>
    </section>
  );
}

/** Clipboards take PNG: other formats are redrawn through a canvas. */
function toPng(mimeType: string, base64: string): Promise<Blob> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      canvas.getContext('2d')?.drawImage(img, 0, 0);
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('encode'))), 'image/png');
    };
    img.onerror = () => reject(new Error('decode'));
    img.src = `data:${mimeType};base64,${base64}`;
  });
}
