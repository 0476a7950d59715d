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
  const groups = props.hubs.map((h) => ({ hub: h, keys: props.keys.filter((k) => k.hubId === h.id) })).filter((g) => g.keys.length > 0);
  const current = props.keys.find((k) => k.id === props.value);
  const hub = current ? props.hubs.find((h) => h.id === current.hubId) : undefined;
  return (
    <div className="key-picker">
      <label htmlFor={id}>{t('playground.key.label')}</label>
      <select
        id={id}
        value={props.value ?? ''}
        onChange={(e) => props.onChange(e.target.value)}
        disabled={props.disabled}
        title={hub ? `${hub.name} — ${hub.mountUrl}` : undefined}
        data-testid="key-picker"
      >
        {props.value === null ? <option value="">{t('playground.key.choose')}</option> : null}
        {groups.map((g) => (
          <optgroup key={g.hub.id} label={g.hub.name}>
            {g.keys.map((k) => (
              <option key={k.id} value={k.id}>
                {k.name} · {k.masked}
                {k.isDefault ? ` (${t('playground.key.default')})` : ''}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}
