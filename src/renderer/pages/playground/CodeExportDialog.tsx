import { useEffect, useRef, useState } from 'react';
import { localizeError } from '../../errors/localize';
import type { ChatMessage, ChatParams } from '../../../shared/playground';
import { API_KEY_ENV, API_URL_ENV, type CodeFormat } from '../../../shared/code-export';
import { Dialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { useToasts } from '../../components/Toasts';
import { usePlayground } from '../../store/playground';
import { useI18n } from '../../i18n';
import { LazyMarkdown as Markdown } from './LazyMarkdown';
import { copyText } from './helpers';

const FORMATS: { id: CodeFormat; label: string; fence: string }[] = [
  { id: 'curl', label: 'curl', fence: 'bash' },
  { id: 'javascript', label: 'JavaScript', fence: 'javascript' },
  { id: 'python', label: 'Python', fence: 'python' },
  { id: 'sdk', label: 'AIGNE Hub SDK', fence: 'javascript' },
  { id: 'cli', label: 'aigne CLI', fence: 'bash' },
];

/** "Copy as code" for the exact request the chat would send; the key is an environment variable, never inlined. */
export function CodeExportDialog(props: {
  request: { model: string; messages: ChatMessage[]; params: ChatParams };
  mountUrl: string | undefined;
  accessKeyId?: string | undefined;
  onClose: () => void;
}) {
  const { t, locale } = useI18n();
  const { actions } = usePlayground();
  const toasts = useToasts();
  const [format, setFormat] = useState<CodeFormat>('curl');
  const [code, setCode] = useState<Partial<Record<CodeFormat, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const { request, mountUrl, accessKeyId } = props;

  useEffect(() => {
    let cancelled = false;
    if (code[format] !== undefined) return;
    actions.exportCode({ request, format, stream: true, ...(mountUrl ? { mountUrl } : {}), ...(accessKeyId ? { accessKeyId } : {}) }).then(
      ({ code: text }) => !cancelled && setCode((c) => ({ ...c, [format]: text })),
      (e: unknown) => !cancelled && setError(localizeError(e, locale).text),
    );
    return () => {
      cancelled = true;
    };
  }, [format, request, mountUrl, accessKeyId, code, locale, actions]);

  const current = code[format];
  const fence = FORMATS.find((f) => f.id === format)!.fence;

  const copy = async () => {
    if (current === undefined) return;
    const ok = await copyText(current);
    toasts.show(
      ok
        ? { kind: 'success', text: t('playground.code.copied'), ttlMs: 2500 }
        : { kind: 'error', text: t('playground.clipboardUnavailable') },
    );
  };

  return (
    <Dialog
      title={t('playground.code.title')}
      onClose={props.onClose}
      wide
      testId="code-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={props.onClose}>
            {t('common.close')}
          </button>
          <button type="button" className="button button--primary" onClick={() => void copy()} disabled={current === undefined}>
            {t('playground.code.copy')}
          </button>
        </>
      }
    >
      <p className="small muted">{t('playground.code.intro', { model: request.model, count: request.messages.length })}</p>
      <div className="tabs" role="tablist" aria-label={t('playground.code.formats')}>
        {FORMATS.map((f, i) => (
          <button
            key={f.id}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            type="button"
            role="tab"
            className="tab"
            id={`code-tab-${f.id}`}
            aria-selected={format === f.id}
            aria-controls="code-panel"
            tabIndex={format === f.id ? 0 : -1}
            onClick={() => setFormat(f.id)}
            onKeyDown={(e) => {
              if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
              e.preventDefault();
              const next = (i + (e.key === 'ArrowRight' ? 1 : -1) + FORMATS.length) % FORMATS.length;
              setFormat(FORMATS[next]!.id);
              tabs.current[next]?.focus();
            }}
          >
            {f.label}
          </button>
        ))}
      </div>
      <div id="code-panel" role="tabpanel" aria-labelledby={`code-tab-${format}`} className="code-panel" data-testid="code-output">
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : current === undefined ? (
          <p className="progress-line">{t('app.loading')}</p>
        ) : (
          <Markdown text={`\`\`\`\`${fence}\n${current}\`\`\`\``} />
        )}
      </div>
      <p className="code-note small" data-testid="code-note">
        <Icon name="keys" size={16} />
        <span>
          {t('playground.code.keyNote', { keyEnv: API_KEY_ENV, urlEnv: API_URL_ENV })
            .split(new RegExp(`(${API_KEY_ENV}|${API_URL_ENV})`))
            .map((part, i) => (i % 2 ? <code key={i}>{part}</code> : part))}
        </span>
      </p>
    </Dialog>
  );
}
