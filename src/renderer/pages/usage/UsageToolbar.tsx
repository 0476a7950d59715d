import { useState } from 'react';
import type { HubDTO, KeyDTO } from '../../../shared/keys';
import { useI18n, type MessageKey } from '../../i18n';
import { dayValue, PRESETS, toUsageRange, type RangeChoice } from './range';

export const RANGE_LABEL: Record<string, MessageKey> = {
  '24h': 'usage.range.24h',
  '7d': 'usage.range.7d',
  '30d': 'usage.range.30d',
  '90d': 'usage.range.90d',
};

/** Which hub, which key's view of it, and the period: presets, or two dates up to today. */
export function UsageToolbar(props: {
  hubs: HubDTO[];
  hubId: string | null;
  onHub: (id: string) => void;
  keys: KeyDTO[] | null;
  keyId: string;
  onKey: (id: string) => void;
  choice: RangeChoice;
  onRange: (choice: RangeChoice) => void;
}) {
  const { t } = useI18n();
  const { hubs, keys, choice } = props;
  const current = hubs.find((h) => h.id === props.hubId) ?? null;
  const [customOpen, setCustomOpen] = useState(choice.kind === 'custom');
  const [draft, setDraft] = useState(() =>
    choice.kind === 'custom'
      ? { from: choice.from, to: choice.to }
      : { from: dayValue(new Date(Date.now() - 13 * 86_400_000)), to: dayValue(new Date()) },
  );
  const today = dayValue(new Date());
  const custom = toUsageRange({ kind: 'custom', ...draft });

  return (
    <div className="usage-toolbar" role="group" aria-label={t('usage.toolbar')}>
      {hubs.length > 1 ? (
        <label className="usage-select">
          <span>{t('usage.hub')}</span>
          <select value={props.hubId ?? ''} onChange={(e) => props.onHub(e.target.value)} data-testid="usage-hub">
            {hubs.map((h) => (
              <option key={h.id} value={h.id}>
                {h.name}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <div className="usage-select">
          <span>{t('usage.hub')}</span>
          <strong className="usage-toolbar__hub" title={current?.mountUrl}>
            {current?.name}
          </strong>
        </div>
      )}
      {keys && keys.length > 1 ? (
        <label className="usage-select" title={t('usage.readWithHint')}>
          <span>{t('usage.readWith')}</span>
          <select value={props.keyId} onChange={(e) => props.onKey(e.target.value)} data-testid="usage-key">
            <option value="">{t('usage.defaultKey', { name: keys.find((k) => k.isDefault)?.name ?? keys[0]?.name ?? '' })}</option>
            {keys
              .filter((k) => !k.isDefault)
              .map((k) => (
                <option key={k.id} value={k.id}>
                  {k.name}
                </option>
              ))}
          </select>
        </label>
      ) : null}
      <fieldset className="usage-range">
        <legend>{t('usage.range')}</legend>
        <div className="segmented" role="radiogroup" aria-label={t('usage.range')}>
          {PRESETS.map((p) => (
            <label key={p} className="segmented__option">
              <input
                type="radio"
                name="usage-range"
                checked={!customOpen && choice.kind === 'preset' && choice.preset === p}
                onChange={() => {
                  setCustomOpen(false);
                  props.onRange({ kind: 'preset', preset: p });
                }}
              />
              <span>{t(RANGE_LABEL[p] ?? 'usage.range.30d')}</span>
            </label>
          ))}
          <label className="segmented__option">
            <input type="radio" name="usage-range" checked={customOpen} onChange={() => setCustomOpen(true)} />
            <span>{t('usage.range.custom')}</span>
          </label>
        </div>
      </fieldset>
      {customOpen ? (
        <form
          className="usage-custom"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if ('range' in custom) props.onRange({ kind: 'custom', ...draft });
          }}
        >
          <label className="usage-select">
            <span>{t('usage.range.from')}</span>
            <input
              type="date"
              value={draft.from}
              max={draft.to && draft.to < today ? draft.to : today}
              aria-invalid={'problem' in custom && custom.problem === 'future' && draft.from > today}
              aria-describedby="usage-range-problem"
              onChange={(e) => setDraft({ ...draft, from: e.target.value })}
            />
          </label>
          <label className="usage-select">
            <span>{t('usage.range.to')}</span>
            <input
              type="date"
              value={draft.to}
              min={draft.from || undefined}
              max={today}
              aria-invalid={'problem' in custom && custom.problem === 'future' && draft.to > today}
              aria-describedby="usage-range-problem"
              onChange={(e) => setDraft({ ...draft, to: e.target.value })}
            />
          </label>
          <button type="submit" className="button button--small button--primary" disabled={!('range' in custom)}>
            {t('usage.range.apply')}
          </button>
          <span className="usage-custom__problem" id="usage-range-problem" role="status" data-testid="usage-range-problem">
            {'problem' in custom ? t(`usage.range.problem.${custom.problem}`) : ''}
          </span>
        </form>
      ) : null}
    </div>
  );
}
