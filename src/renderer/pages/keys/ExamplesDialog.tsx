import { useEffect, useId, useState } from 'react';
import { API_KEY_ENV, DEFAULT_EXAMPLE_MODEL } from '../../../shared/code-export';
import type { ExampleFormat, KeyDTO, KeyExamplesResult } from '../../../shared/keys';
import { Dialog } from '../../components/Dialog';
import { TabList, type TabItem } from '../../components/TabList';
import { useToasts } from '../../components/Toasts';
import { ErrorNotice } from '../../components/ErrorNotice';
import { keyCalls } from '../../actions/key-calls';
import { useI18n } from '../../i18n';
import { useCopyKey } from './useCopyKey';

/** Tab names are the tools' own names, the same in every language. */
const FORMATS: TabItem<ExampleFormat>[] = [
  { id: 'sdk', label: 'SDK (@aigne/aigne-hub)' },
  { id: 'cli', label: 'aigne CLI' },
  { id: 'curl', label: 'curl' },
  { id: 'javascript', label: 'JavaScript' },
  { id: 'python', label: 'Python' },
];

/**
 * Ready-to-paste code for one key. The code reads the key from
 * AIGNE_HUB_API_KEY and never contains it; copying the key is a separate,
 * explicit action (cleared from the clipboard like every copied key).
 */
export function ExamplesDialog({ target, onClose }: { target: KeyDTO; onClose: () => void }) {
  const { t } = useI18n();
  const toasts = useToasts();
  const [format, setFormat] = useState<ExampleFormat>('sdk');
  const [models, setModels] = useState<string[]>([]);
  const [model, setModel] = useState<string | null>(null);
  const [result, setResult] = useState<KeyExamplesResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const copyKey = useCopyKey(setError);
  const modelId = useId();

  // The hub's chat models, when it answers; otherwise the SDK's default model.
  useEffect(() => {
    let live = true;
    keyCalls.chatModels(target.id).then(
      ({ models: list }) => {
        if (!live) return;
        const ids = list.map((m) => m.key);
        setModels(ids);
        const usable = list.find((m) => m.status.available !== false)?.key ?? ids[0];
        setModel((current) => current ?? usable ?? DEFAULT_EXAMPLE_MODEL);
      },
      () => live && setModel((current) => current ?? DEFAULT_EXAMPLE_MODEL),
    );
    return () => {
      live = false;
    };
  }, [target.id]);

  useEffect(() => {
    if (!model?.trim()) return;
    let live = true;
    keyCalls.examples({ keyId: target.id, model: model.trim() }).then(
      (r) => live && (setResult(r), setError(null)),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [target.id, model]);

  const copyExample = async () => {
    if (!model?.trim()) return;
    try {
      await keyCalls.copyExample({ keyId: target.id, format, model: model.trim() });
      toasts.show({ id: 'example', kind: 'success', text: t('hygiene.examples.copied', { env: API_KEY_ENV }), ttlMs: 4000 });
    } catch (e) {
      setError(e);
    }
  };

  const code = result?.examples[format];
  return (
    <Dialog
      title={t('hygiene.examples.title', { name: target.name })}
      onClose={onClose}
      wide
      testId="examples-dialog"
      footer={
        <>
          <button
            type="button"
            className="button examples__copy-key"
            onClick={() => void copyKey(target, 'key')}
            title={t('hygiene.examples.copyKeyHelp')}
          >
            {t('keys.action.copy')}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t('common.close')}
          </button>
          <button type="button" className="button button--primary" onClick={() => void copyExample()} disabled={code === undefined}>
            {t('hygiene.examples.copy')}
          </button>
        </>
      }
    >
      <p className="small muted">{t('hygiene.examples.intro', { env: API_KEY_ENV })}</p>
      <div className="field examples__model">
        <label htmlFor={modelId}>{t('hygiene.examples.model')}</label>
        {models.length > 0 ? (
          <select id={modelId} value={model ?? ''} onChange={(e) => setModel(e.target.value)}>
            {models.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        ) : (
          <input id={modelId} type="text" value={model ?? ''} onChange={(e) => setModel(e.target.value)} spellCheck={false} />
        )}
      </div>
      <TabList
        items={FORMATS}
        selected={format}
        onSelect={setFormat}
        label={t('hygiene.examples.formats')}
        idPrefix="example-tab"
        panelId="example-panel"
        className="example-tabs"
        tabClassName="example-tab"
      />
      <div id="example-panel" role="tabpanel" aria-labelledby={`example-tab-${format}`} className="example-panel">
        {error ? (
          <ErrorNotice error={error} inline />
        ) : code === undefined ? (
          <p className="progress-line">{t('app.loading')}</p>
        ) : (
          <pre className="example-code" data-testid="example-code" tabIndex={0}>
            <code>{code}</code>
          </pre>
        )}
      </div>
      {format === 'cli' ? <p className="small muted">{t('hygiene.examples.cliNote')}</p> : null}
      {format === 'sdk' ? <p className="small muted">{t('hygiene.examples.sdkNote')}</p> : null}
    </Dialog>
  );
}
