import { Fragment, useEffect, useMemo, useState } from 'react';
import type { KeyHealth } from '../../../shared/hygiene';
import type { KeyDTO } from '../../../shared/keys';
import type { KeyHint } from '../../../shared/usage';
import { Menu } from '../../components/Menu';
import { dateTime, relativeTime } from '../../format';
import { useI18n } from '../../i18n';
import { KeyAlert, KeyAge, UsedBy } from './KeyHealthViews';

export type SortOrder = 'name' | 'newest' | 'checked';

export interface KeyActions {
  copy(k: KeyDTO, format: 'key' | 'env'): void;
  reveal(k: KeyDTO): void;
  check(k: KeyDTO): void;
  makeDefault(k: KeyDTO): void;
  rotate(k: KeyDTO): void;
  useForCli(k: KeyDTO): void;
  forget(k: KeyDTO): void;
  examples(k: KeyDTO): void;
  editUsedBy(k: KeyDTO): void;
  setRetired(k: KeyDTO, retired: boolean): void;
  /** The Usage page, on this key's calls. */
  checkCalls(k: KeyDTO): void;
  /** The hub's dashboard, where keys are revoked. */
  openDashboard(): void;
}

/** Searchable, sortable list of a hub's keys; rows take single-letter shortcuts when focused. */
export function KeyList(props: {
  keys: KeyDTO[];
  hints: ReadonlyMap<string, KeyHint>;
  checking: ReadonlySet<string>;
  revealed: { keyId: string; secret: string; seconds: number } | null;
  actions: KeyActions;
  /** Rotation, alerts and use per key, once the hygiene report is in. */
  health: ReadonlyMap<string, KeyHealth>;
  /** Only these keys (a health tile is pressed); null = all. */
  only: ReadonlySet<string> | null;
}) {
  const { t, locale } = useI18n();
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<SortOrder>('name');
  const [, tick] = useState(0);

  // Relative times ("2 minutes ago") stay true while the page is open.
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 30_000);
    return () => clearInterval(timer);
  }, []);

  const shown = useMemo(
    () => filterAndSort(props.keys, query, sort).filter((k) => !props.only || props.only.has(k.id)),
    [props.keys, query, sort, props.only],
  );
  const { actions } = props;

  const onRowKey = (e: React.KeyboardEvent, k: KeyDTO) => {
    if (e.target !== e.currentTarget || e.ctrlKey || e.metaKey || e.altKey) return;
    const run: Record<string, () => void> = {
      c: () => actions.copy(k, 'key'),
      e: () => actions.copy(k, 'env'),
      x: () => actions.examples(k),
      r: () => actions.reveal(k),
      Delete: () => actions.forget(k),
    };
    const fn = run[e.key];
    if (fn) {
      e.preventDefault();
      fn();
    }
  };

  return (
    <section className="key-list" aria-label={t('keys.title')}>
      <div className="toolbar">
        <input
          type="search"
          className="toolbar__search"
          aria-label={t('keys.search')}
          placeholder={t('keys.searchPlaceholder')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <label className="toolbar__sort">
          <span>{t('keys.sort')}</span>
          <select value={sort} onChange={(e) => setSort(e.target.value as SortOrder)}>
            <option value="name">{t('keys.sort.name')}</option>
            <option value="newest">{t('keys.sort.newest')}</option>
            <option value="checked">{t('keys.sort.checked')}</option>
          </select>
        </label>
      </div>
      {shown.length === 0 ? (
        <p className="muted key-list__none">{t('keys.noMatch', { query })}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('keys.col.name')}</th>
              <th scope="col">{t('keys.col.key')}</th>
              <th scope="col">{t('keys.col.status')}</th>
              <th scope="col">{t('keys.col.age')}</th>
              <th scope="col" className="table__actions">
                <span className="visually-hidden">{t('keys.col.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((k) => {
              const revealed = props.revealed?.keyId === k.id ? props.revealed : null;
              const checking = props.checking.has(k.id);
              const health = props.health.get(k.id);
              return (
                <Fragment key={k.id}>
                  <tr
                    tabIndex={0}
                    className={health?.alerts.length ? 'key-row--alert' : undefined}
                    onKeyDown={(e) => onRowKey(e, k)}
                    data-testid="key-row"
                    data-key-name={k.name}
                    title={t('keys.shortcuts')}
                  >
                    <td>
                      <div className="key-name">
                        <span className="strong">{k.name}</span>
                        {k.isDefault ? <span className="badge">{t('keys.default')}</span> : null}
                        {k.retiredAt ? <span className="badge badge--muted">{t('hygiene.retired')}</span> : null}
                        {health?.alerts.length ? (
                          <span className="badge badge--bad" data-testid="alert-badge">
                            {t('hygiene.alertBadge')}
                          </span>
                        ) : null}
                      </div>
                      <div className="muted small">{k.note ?? t(`keys.source.${k.source}`)}</div>
                      <UsedBy k={k} onEdit={() => actions.editUsedBy(k)} />
                      <UsageHint hint={props.hints.get(k.id)} />
                      {health?.usage.status === 'no-access-key-id' ? (
                        <div className="muted small" title={t('hygiene.usage.noIdHelp')} data-testid="usage-unknown">
                          {t('hygiene.usage.noId')}
                        </div>
                      ) : null}
                    </td>
                    <td>
                      <code className={`masked${revealed ? ' masked--revealed' : ''}`} data-testid="key-text">
                        {revealed ? revealed.secret : k.masked}
                      </code>
                      {revealed ? <div className="muted small">{t('keys.revealedFor', { s: revealed.seconds })}</div> : null}
                    </td>
                    <td>
                      <CheckStatus k={k} />
                    </td>
                    <td className="small" title={dateTime(k.createdAt, locale)}>
                      <KeyAge k={k} health={health} onRotate={() => actions.rotate(k)} />
                    </td>
                    <td className="table__actions">
                      <div className="row-actions">
                        <button
                          type="button"
                          className="button button--small"
                          onClick={() => actions.copy(k, 'key')}
                          title={`${t('keys.action.copy')} (C)`}
                        >
                          {t('keys.action.copy')}
                        </button>
                        <button
                          type="button"
                          className="button button--small"
                          onClick={() => actions.reveal(k)}
                          title={`${t('keys.action.reveal')} (R)`}
                        >
                          {revealed ? t('keys.action.hide') : t('keys.action.reveal')}
                        </button>
                        <button type="button" className="button button--small" onClick={() => actions.check(k)} disabled={checking}>
                          {checking ? t('keys.action.checking') : t('keys.action.check')}
                        </button>
                        <Menu
                          label={t('keys.action.more', { name: k.name })}
                          items={[
                            { label: `${t('keys.action.examples')} (X)`, onSelect: () => actions.examples(k) },
                            { label: `${t('keys.action.copyEnv')} (E)`, onSelect: () => actions.copy(k, 'env') },
                            { label: t('keys.action.usedBy'), onSelect: () => actions.editUsedBy(k) },
                            { label: t('keys.action.makeDefault'), onSelect: () => actions.makeDefault(k), disabled: k.isDefault },
                            { label: t('keys.action.rotate'), onSelect: () => actions.rotate(k) },
                            { label: t('keys.action.useForCli'), onSelect: () => actions.useForCli(k) },
                            k.retiredAt
                              ? { label: t('keys.action.unretire'), onSelect: () => actions.setRetired(k, false) }
                              : { label: t('keys.action.retire'), onSelect: () => actions.setRetired(k, true) },
                            { label: t('keys.action.forget'), onSelect: () => actions.forget(k), danger: true },
                          ]}
                        >
                          ⋯
                        </Menu>
                      </div>
                    </td>
                  </tr>
                  {health?.alerts.length ? (
                    <tr className="key-alert-row" data-testid="key-alert" data-key-name={k.name}>
                      <td colSpan={5}>
                        <KeyAlert
                          health={health}
                          onCheckCalls={k.accessKeyId ? () => actions.checkCalls(k) : undefined}
                          onRotate={() => actions.rotate(k)}
                          onDashboard={actions.openDashboard}
                        />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** "Last used 2 hours ago · 143 calls in 30 days", from the hub's usage data. */
function UsageHint({ hint }: { hint: KeyHint | undefined }) {
  const { t, locale } = useI18n();
  // Without the hub's id for the key, usage cannot be told apart: say nothing rather than "never".
  if (!hint?.accessKeyId) return null;
  // SDK and CLI calls count under the key only when the snippet sets the key's id as their client id.
  const attributionNote = t('keys.hint.sdkAttribution');
  const parts = [
    hint.lastUsedAt === null
      ? t('keys.hint.neverUsed')
      : t('keys.hint.lastUsed', { when: relativeTime(new Date(hint.lastUsedAt).toISOString(), locale) }),
    ...(hint.calls30d === null
      ? []
      : [
          hint.calls30d === 1
            ? t('keys.hint.calls30dOne')
            : t('keys.hint.calls30d', { count: new Intl.NumberFormat(locale).format(hint.calls30d) }),
        ]),
  ];
  return (
    <div className="muted small" data-testid="key-usage-hint" title={hint.lastUsedAt === null ? attributionNote : undefined}>
      {parts.join(' · ')}
    </div>
  );
}

export function CheckStatus({ k }: { k: KeyDTO }) {
  const { t, locale } = useI18n();
  const check = k.lastCheck;
  if (!check) return <span className="muted small">{t('keys.never')}</span>;
  const when = relativeTime(check.at, locale);
  // A hub that did not answer says nothing about the key: not the same as a rejected key.
  const unreachable = !check.ok && (check.code === 'HUB_UNREACHABLE' || check.code === 'TIMEOUT');
  return (
    <div className="small" title={unreachable ? t('keys.checkedUnreachableHelp') : dateTime(check.at, locale)} data-testid="check-status">
      <span className={`dot ${check.ok ? 'dot--ok' : unreachable ? 'dot--warn' : 'dot--bad'}`} aria-hidden="true" />
      {check.ok ? t('keys.checkedOk', { when }) : unreachable ? t('keys.checkedUnreachable', { when }) : t('keys.checkedFail', { when })}
      {check.ok && check.balance !== undefined ? (
        <div className="muted">{t('keys.balance', { balance: formatNumber(check.balance, locale) })}</div>
      ) : null}
      {check.ok && check.available === false ? <div className="muted">{t('keys.unavailable')}</div> : null}
      {!check.ok && check.message ? <div className="muted check-message">{check.message}</div> : null}
    </div>
  );
}

function formatNumber(value: string, locale: string): string {
  const n = Number(value);
  return Number.isFinite(n) ? new Intl.NumberFormat(locale, { maximumFractionDigits: 4 }).format(n) : value;
}

export function filterAndSort(keys: KeyDTO[], query: string, sort: SortOrder): KeyDTO[] {
  const q = query.trim().toLowerCase();
  const matched = q
    ? keys.filter((k) => k.name.toLowerCase().includes(q) || (k.note ?? '').toLowerCase().includes(q) || k.masked.toLowerCase().includes(q))
    : keys;
  const by: Record<SortOrder, (a: KeyDTO, b: KeyDTO) => number> = {
    name: (a, b) => a.name.localeCompare(b.name),
    newest: (a, b) => b.createdAt.localeCompare(a.createdAt),
    checked: (a, b) => (b.lastCheck?.at ?? '').localeCompare(a.lastCheck?.at ?? ''),
  };
  return [...matched].sort(by[sort]);
}
