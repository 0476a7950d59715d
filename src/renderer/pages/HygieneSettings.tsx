import { useEffect, useId, useState } from 'react';
import { ROTATION_PERIOD_RANGE, type Settings } from '../../shared/settings';
import type { SaveStatusStore } from '../actions/settings';
import { useI18n } from '../i18n';
import type { SaveSetting } from './SettingsPage';
import { intError, SectionTitle, WholeNumberField } from './SettingsSections';

const CALLS_RANGE = { min: 1, max: 10_000_000 } as const;
const CREDITS_MAX = 1e12;

/** Rotation period, the user's activity limits and notifications; each field saves when it is valid and left. */
export function HygieneSettings({ settings, save, status }: { settings: Settings; save: SaveSetting; status: SaveStatusStore }) {
  const { t } = useI18n();
  const ids = { limitsHelp: useId(), notify: useId() };
  const [calls, setCalls] = useState(settings.alertCallsPer24h === null ? '' : String(settings.alertCallsPer24h));
  const [credits, setCredits] = useState(settings.alertCreditsPer24h === null ? '' : String(settings.alertCreditsPer24h));
  useEffect(() => setCalls(settings.alertCallsPer24h === null ? '' : String(settings.alertCallsPer24h)), [settings.alertCallsPer24h]);
  useEffect(
    () => setCredits(settings.alertCreditsPer24h === null ? '' : String(settings.alertCreditsPer24h)),
    [settings.alertCreditsPer24h],
  );

  const callsError = calls.trim() === '' ? null : intError(calls, CALLS_RANGE.min, CALLS_RANGE.max);
  const creditsNumber = Number(credits);
  const creditsError =
    credits.trim() === '' || (Number.isFinite(creditsNumber) && creditsNumber > 0 && creditsNumber <= CREDITS_MAX) ? null : 'range';

  return (
    <section className="card" aria-labelledby="hygiene-title" data-testid="hygiene-settings">
      <SectionTitle id="hygiene-title" title={t('settings.hygiene')} section="hygiene" status={status} />
      <WholeNumberField
        texts={['settings.hygiene.period', 'settings.hygiene.days', 'settings.hygiene.periodHelp', 'settings.hygiene.periodInvalid']}
        value={settings.rotationPeriodDays}
        range={ROTATION_PERIOD_RANGE}
        onCommit={(rotationPeriodDays) => void save('hygiene', { rotationPeriodDays })}
      />
      <fieldset className="field">
        <legend>{t('settings.hygiene.limits')}</legend>
        <div className="hygiene-limits">
          <LimitInput
            label={t('settings.hygiene.calls')}
            text={calls}
            onText={setCalls}
            invalid={callsError !== null}
            saved={settings.alertCallsPer24h}
            onCommit={(alertCallsPer24h) => void save('hygiene', { alertCallsPer24h })}
            describedBy={ids.limitsHelp}
            integer
          />
          <LimitInput
            label={t('settings.hygiene.credits')}
            text={credits}
            onText={setCredits}
            invalid={creditsError !== null}
            saved={settings.alertCreditsPer24h}
            onCommit={(alertCreditsPer24h) => void save('hygiene', { alertCreditsPer24h })}
            describedBy={ids.limitsHelp}
          />
        </div>
        <p id={ids.limitsHelp} className={callsError || creditsError ? 'help status--error' : 'help'}>
          {callsError
            ? t('settings.hygiene.callsInvalid', { max: CALLS_RANGE.max.toLocaleString() })
            : creditsError
              ? t('settings.hygiene.creditsInvalid')
              : t('settings.hygiene.limitsHelp')}
        </p>
        <p className="help">{t('settings.hygiene.automatic')}</p>
      </fieldset>
      <label className="checkbox">
        <input
          id={ids.notify}
          type="checkbox"
          checked={settings.notifications}
          onChange={(e) => void save('hygiene', { notifications: e.target.checked })}
        />
        <span>{t('settings.hygiene.notifications')}</span>
      </label>
      <p className="help">{t('settings.hygiene.notificationsHelp')}</p>
    </section>
  );
}

/** One optional limit: empty means "no limit" (null); saved when left, if valid and changed. */
function LimitInput(props: {
  label: string;
  text: string;
  onText: (text: string) => void;
  invalid: boolean;
  saved: number | null;
  onCommit: (value: number | null) => void;
  describedBy: string;
  integer?: boolean;
}) {
  const { t } = useI18n();
  const id = useId();
  return (
    <>
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="number"
        min={props.integer ? CALLS_RANGE.min : 0}
        max={props.integer ? CALLS_RANGE.max : undefined}
        step={props.integer ? 1 : 'any'}
        value={props.text}
        placeholder={t('settings.hygiene.off')}
        aria-invalid={props.invalid ? true : undefined}
        aria-describedby={props.describedBy}
        onChange={(e) => props.onText(e.target.value)}
        onBlur={() => {
          const next = props.text.trim() === '' ? null : Number(props.text);
          if (!props.invalid && next !== props.saved) props.onCommit(next);
        }}
      />
    </>
  );
}
