import { useId } from 'react';
import type { HubDTO, KeyDTO } from '../../../shared/keys';
import { useI18n } from '../../i18n';

/** The stored keys of every hub, grouped by hub; only names and masks, never a secret. */
export function KeyPicker(props: {
  hubs: HubDTO[];
  keys: KeyDTO[];
  value: string | null;
  onChange: (keyId: string) => void;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  const id = useId();
  // Retired keys last, and labelled: they still work, but any use is flagged.
  const groups = props.hubs
    .map((h) => ({
      hub: h,
      keys: props.keys.filter((k) => k.hubId === h.id).sort((a, b) => Number(!!a.retiredAt) - Number(!!b.retiredAt)),
    }))
    .filter((g) => g.keys.length > 0);
  const current = props.keys.find((k) => k.id === props.value);
  const hub = current ? props.hubs.find((h) => h.id === current.hubId) : undefined;
  const keyLabel = (k: KeyDTO) =>
    [
      `${k.name} · ${k.masked}`,
      k.isDefault ? `(${t('playground.key.default')})` : '',
      k.retiredAt ? `(${t('playground.key.retired')})` : '',
    ]
      .filter(Boolean)
      .join(' ');
  return (
    <div className="key-picker">
      <label htmlFor={id}>{t('playground.key.label')}</label>
      <select
        id={id}
        value={props.value ?? ''}
        onChange={(e) => props.onChange(e.target.value)}
        disabled={props.disabled}
        title={current && hub ? `${keyLabel(current)} — ${hub.name} (${hub.mountUrl})` : undefined}
        data-testid="key-picker"
      >
        {props.value === null ? <option value="">{t('playground.key.choose')}</option> : null}
        {groups.map((g) => (
          <optgroup key={g.hub.id} label={g.hub.name}>
            {g.keys.map((k) => (
              <option key={k.id} value={k.id} title={keyLabel(k)}>
                {keyLabel(k)}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}
