import { useId, useState } from 'react';
import type { KeyDTO } from '../../../shared/keys';
import { Dialog } from '../../components/Dialog';
import { FormFooter } from '../../components/FormFooter';
import { keyCalls } from '../../actions/key-calls';
import { useI18n } from '../../i18n';

/** Application names already in use across the keys, for suggestions (each once, in the order met). */
export function appSuggestions(keys: readonly KeyDTO[]): string[] {
  const seen = new Map<string, string>();
  for (const k of keys) for (const a of k.usedBy ?? []) if (!seen.has(a.toLowerCase())) seen.set(a.toLowerCase(), a);
  return [...seen.values()];
}

/** The other keys already marked as used by `app`. */
export function keysUsedBy(keys: readonly KeyDTO[], app: string, except?: string): KeyDTO[] {
  const needle = app.trim().toLowerCase();
  if (!needle) return [];
  return keys.filter((k) => k.id !== except && (k.usedBy ?? []).some((a) => a.toLowerCase() === needle));
}

/** Which applications use this key; one is the goal, several earn a warning. */
export function UsedByDialog({ target, allKeys, onClose }: { target: KeyDTO; allKeys: readonly KeyDTO[]; onClose: () => void }) {
  const { t } = useI18n();
  const [apps, setApps] = useState<string[]>(target.usedBy ?? []);
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const inputId = useId();
  const listId = useId();

  const add = () => {
    const name = draft.trim().slice(0, 60);
    if (!name) return;
    if (!apps.some((a) => a.toLowerCase() === name.toLowerCase())) setApps([...apps, name]);
    setDraft('');
  };

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const final = draft.trim() ? [...apps, draft.trim()] : apps;
    setBusy(true);
    try {
      await keyCalls.setUsedBy({ keyId: target.id, usedBy: final });
      onClose();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const suggestions = appSuggestions(allKeys).filter((a) => !apps.some((x) => x.toLowerCase() === a.toLowerCase()));
  const others = apps.flatMap((a) => keysUsedBy(allKeys, a, target.id).map((k) => ({ app: a, key: k.name })));

  return (
    <Dialog title={t('hygiene.usedBy.title', { name: target.name })} onClose={onClose} busy={busy} testId="used-by-dialog">
      <form className="form" onSubmit={(e) => void save(e)}>
        <p className="muted">{t('hygiene.usedBy.explain')}</p>
        <div className="field">
          <label htmlFor={inputId}>{t('hygiene.usedBy.add')}</label>
          <span className="input-with-button">
            <input
              id={inputId}
              type="text"
              value={draft}
              maxLength={60}
              list={listId}
              autoFocus
              placeholder={t('hygiene.usedBy.placeholder')}
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && draft.trim()) {
                  e.preventDefault();
                  add();
                }
              }}
            />
            <button type="button" className="button" onClick={add} disabled={!draft.trim()}>
              {t('hygiene.usedBy.addButton')}
            </button>
          </span>
          <datalist id={listId}>
            {suggestions.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </div>
        {apps.length === 0 ? (
          <p className="small muted">{t('hygiene.usedBy.none')}</p>
        ) : (
          <ul className="chips" aria-label={t('hygiene.usedBy.label')}>
            {apps.map((a) => (
              <li key={a} className="chip">
                {a}
                <button
                  type="button"
                  className="chip__remove"
                  aria-label={t('hygiene.usedBy.remove', { app: a })}
                  onClick={() => setApps(apps.filter((x) => x !== a))}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        {apps.length > 1 ? <p className="warning small">{t('hygiene.usedBy.sharedWarning', { n: apps.length })}</p> : null}
        {others.map((o) => (
          <p key={`${o.app}-${o.key}`} className="small muted">
            {t('hygiene.usedBy.alsoOn', { app: o.app, key: o.key })}
          </p>
        ))}
        <FormFooter submitLabel={t('common.save')} onCancel={onClose} error={error} busy={busy} />
      </form>
    </Dialog>
  );
}
