import { useEffect, useState, type Ref } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useI18n } from '../../i18n';
import { useStore } from '../../store/external-store';
import { usePlayground } from '../../store/playground';
import { MAX_COLUMNS, MIN_COLUMNS, type CompareColumn } from '../../store/playground-compare';
import { Composer, SystemPrompt } from './Composer';
import { isAvailable, useChatContext, useSessionField, type ModelsState } from './data';
import { shortcut } from './helpers';
import { LazyMarkdown as Markdown } from './LazyMarkdown';
import { MetricsLine, type MetricKind } from './Metrics';
import { ModelPicker, type ModelPickerHandle } from './ModelPicker';
import { changedCount } from './params';
import { ParamsToggle } from './ParamsPanel';

/** One prompt to two or three models at once, side by side, each with its own metrics and Stop. Reads the sessions itself. */
export function ComparePane() {
  const { t } = useI18n();
  const pg = usePlayground();
  const compareSession = pg.compare;
  const state = useStore(pg.compare);
  const ui = useStore(pg.ui);
  const system = useSessionField((s) => s.system);
  const params = useSessionField((s) => s.params);
  const { keyId, checked, chatModels: models } = useChatContext();
  const props = { models, keyId, checked };
  const [draft, setDraft] = useState('');
  const running = state.columns.some((c) => c.status === 'streaming');
  const best = bestFigures(state.columns);
  const result = props.models.result;

  useEffect(() => {
    if (result)
      compareSession.fillModels(
        result.groups
          .flatMap((g) => g.models)
          .filter(isAvailable)
          .map((m) => m.key),
      );
  }, [result, compareSession]);

  const blocked = !props.keyId
    ? t('playground.blocked.noKey')
    : state.columns.some((c) => !c.model)
      ? t('playground.blocked.noModels')
      : !props.checked.ok
        ? t('playground.blocked.params')
        : null;

  const send = () => {
    if (blocked || !props.keyId) return;
    if (compareSession.run(draft, props.keyId, system, props.checked.params)) setDraft('');
  };

  return (
    <section className="compare card" aria-label={t('playground.tab.compare')} data-testid="compare">
      <div className="chat__head">
        <div className="chat__row">
          <div>
            <h2 className="chat__title">{t('playground.compare.title')}</h2>
            <p className="small muted compare__intro">{t('playground.compare.intro')}</p>
          </div>
          <div className="chat__tools">
            <ParamsToggle open={ui.paramsOpen} onToggle={pg.ui.toggleParams} changed={changedCount(params)} valid={props.checked.ok} />
            <button
              type="button"
              className="button button--small"
              disabled={state.columns.length >= MAX_COLUMNS || running}
              onClick={() => compareSession.addColumn(nextModel(state.columns, props.models) ?? null)}
            >
              {t('playground.compare.add')}
            </button>
            <button
              type="button"
              className="button button--small"
              disabled={!state.prompt || running}
              onClick={() => compareSession.clear()}
            >
              {t('playground.compare.clear')}
            </button>
          </div>
        </div>
      </div>

      <SystemPrompt value={system} onChange={(v) => pg.chat.setSystem(v)} open={ui.systemOpen} onToggle={pg.ui.toggleSystem} />

      {state.prompt ? (
        <div className="compare__prompt">
          <span className="compare__prompt-label">{t('playground.compare.prompt')}</span>
          <span className="compare__prompt-text">{state.prompt}</span>
        </div>
      ) : null}

      <div className="compare__columns" style={{ gridTemplateColumns: `repeat(${state.columns.length}, minmax(0, 1fr))` }}>
        {state.columns.map((c, i) => (
          <CompareColumnView
            key={c.id}
            column={c}
            index={i}
            models={props.models}
            pickerRef={i === 0 ? (h: ModelPickerHandle | null) => pg.ui.registerPicker('compare', h) : undefined}
            canRemove={state.columns.length > MIN_COLUMNS && c.status !== 'streaming'}
            hasPrompt={state.prompt !== null}
            best={best.get(c.id)}
            onRetry={() => props.keyId && props.checked.ok && compareSession.retry(c.id, props.keyId, system, props.checked.params)}
          />
        ))}
      </div>

      <Composer
        value={draft}
        onChange={setDraft}
        onSend={send}
        onStop={() => compareSession.stopAll()}
        streaming={running}
        blocked={blocked}
        placeholder={t('playground.compare.placeholder')}
        sendLabel={t('playground.compare.send')}
        testId="compare-composer"
      />
    </section>
  );
}

function nextModel(columns: readonly CompareColumn[], models: ModelsState): string | undefined {
  const used = new Set(columns.map((c) => c.model));
  const all = models.result?.groups.flatMap((g) => g.models).filter(isAvailable) ?? [];
  return all.find((m) => !used.has(m.key))?.key ?? all[0]?.key;
}

function CompareColumnView(props: {
  column: CompareColumn;
  index: number;
  models: ModelsState;
  pickerRef: Ref<ModelPickerHandle> | undefined;
  best: ReadonlySet<MetricKind> | undefined;
  canRemove: boolean;
  hasPrompt: boolean;
  onRetry: () => void;
}) {
  const { t } = useI18n();
  const compareSession = usePlayground().compare;
  const { column: c } = props;
  const streaming = c.status === 'streaming';
  return (
    <div className={`compare-col${streaming ? ' msg--streaming' : ''}`} data-testid="compare-column" data-status={c.status ?? 'idle'}>
      <div className="compare-col__head">
        <ModelPicker
          ref={props.pickerRef}
          label={t('playground.compare.model', { n: props.index + 1 })}
          kind="chat"
          models={props.models.result}
          loading={props.models.loading}
          error={props.models.error}
          onReload={props.models.reload}
          value={c.model}
          onChange={(m) => compareSession.setModel(c.id, m)}
          disabled={streaming}
          shortcutHint={props.index === 0 ? shortcut('K') : undefined}
        />
        <div className="compare-col__actions">
          {streaming ? (
            <button type="button" className="button button--small button--stop" onClick={() => compareSession.stop(c.id)}>
              <span className="stop-square" aria-hidden="true" />
              {t('playground.composer.stop')}
            </button>
          ) : null}
          {props.canRemove ? (
            <button
              type="button"
              className="icon-button"
              onClick={() => compareSession.removeColumn(c.id)}
              aria-label={t('playground.compare.remove', { n: props.index + 1 })}
              title={t('playground.compare.remove', { n: props.index + 1 })}
            >
              ×
            </button>
          ) : null}
        </div>
      </div>
      <div className="compare-col__body" aria-live="off" aria-busy={streaming || undefined}>
        {c.status === null ? (
          <p className="muted small compare-col__idle">
            {props.hasPrompt ? t('playground.compare.notRun') : t('playground.compare.waiting')}
          </p>
        ) : streaming && c.text === '' ? (
          <p className="msg__waiting">
            <span className="typing" aria-hidden="true">
              <i />
              <i />
              <i />
            </span>
            {t('playground.message.waiting')}
          </p>
        ) : (
          <div className="msg__body" data-testid="compare-text">
            {c.text ? <Markdown text={c.text} /> : null}
          </div>
        )}
        {c.status === 'stopped' ? (
          <p className="small">
            <span className="badge badge--warn" data-testid="compare-status">
              {t('playground.status.stopped')}
            </span>{' '}
            <span className="muted">{t('playground.message.stoppedNote')}</span>
          </p>
        ) : null}
        {c.error ? <ErrorNotice testId="pg-error" error={c.error} onRetry={props.onRetry} partial={c.text !== ''} compact /> : null}
      </div>
      {c.metrics && !streaming && (c.metrics.durationMs > 0 || c.metrics.totalTokens !== null) ? (
        <div className="compare-col__metrics">
          <MetricsLine metrics={c.metrics} {...(props.best ? { best: props.best } : {})} />
        </div>
      ) : null}
    </div>
  );
}

/** Which column did best on each figure, among the columns that answered in full (at least two). */
function bestFigures(columns: readonly CompareColumn[]): Map<string, Set<MetricKind>> {
  const done = columns.filter((c) => c.status === 'success' && c.metrics);
  const result = new Map<string, Set<MetricKind>>();
  if (done.length < 2) return result;
  const pick = (kind: MetricKind, value: (c: CompareColumn) => number | null, lowest: boolean) => {
    let winner: CompareColumn | null = null;
    let bestValue = 0;
    for (const c of done) {
      const v = value(c);
      if (v === null) continue;
      if (winner === null || (lowest ? v < bestValue : v > bestValue)) {
        winner = c;
        bestValue = v;
      }
    }
    if (winner) result.set(winner.id, (result.get(winner.id) ?? new Set<MetricKind>()).add(kind));
  };
  pick('ttft', (c) => c.metrics!.ttftMs, true);
  pick('duration', (c) => c.metrics!.durationMs, true);
  pick('speed', (c) => c.metrics!.tokensPerSecond, false);
  pick('credits', (c) => c.metrics!.estimatedCredits, true);
  return result;
}
