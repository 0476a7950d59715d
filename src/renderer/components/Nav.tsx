import { useRef, type KeyboardEvent } from 'react';
import { useI18n } from '../i18n';
import { SECTION_META, SECTIONS, type Section } from '../sections';
import { Icon } from './Icon';

const isMac = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform);
export const MOD_KEY = isMac ? '⌘' : 'Ctrl+';

export interface NavBadge {
  count: number;
  /** Says what the number counts, for screen readers and the tooltip. */
  label: string;
}

/** Sidebar navigation: arrow keys move between sections, Enter or click opens one. */
export function Nav({
  current,
  onSelect,
  badges = {},
  collapsed = false,
}: {
  current: Section;
  onSelect: (s: Section) => void;
  badges?: Partial<Record<Section, NavBadge>>;
  /** Icons only: the label stays the link's name and becomes its tooltip. */
  collapsed?: boolean;
}) {
  const { t } = useI18n();
  const refs = useRef<(HTMLAnchorElement | null)[]>([]);

  const onKeyDown = (e: KeyboardEvent, index: number) => {
    const step = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
    if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      refs.current[e.key === 'Home' ? 0 : SECTIONS.length - 1]?.focus();
    } else if (step) {
      e.preventDefault();
      refs.current[(index + step + SECTIONS.length) % SECTIONS.length]?.focus();
    }
  };

  return (
    <nav className="nav" aria-label={t('nav.label')}>
      <ul>
        {SECTIONS.map((section, i) => {
          const meta = SECTION_META[section];
          const shortcut = `${MOD_KEY}${i + 1}`;
          const badge = badges[section];
          const label = t(meta.label);
          const tip = [collapsed ? label : '', badge?.label ?? '', t('nav.shortcut', { keys: shortcut })].filter(Boolean).join(' · ');
          return (
            <li key={section}>
              <a
                ref={(el) => {
                  refs.current[i] = el;
                }}
                href={`#/${section}`}
                className="nav__item"
                aria-current={current === section ? 'page' : undefined}
                title={tip}
                onKeyDown={(e) => onKeyDown(e, i)}
                onClick={(e) => {
                  e.preventDefault();
                  onSelect(section);
                }}
              >
                <Icon name={meta.icon} />
                <span className={collapsed ? 'nav__label visually-hidden' : 'nav__label'}>{label}</span>
                {badge && badge.count > 0 ? (
                  <span className="nav__badge" data-testid={`nav-badge-${section}`}>
                    <span aria-hidden="true">{badge.count}</span>
                    <span className="visually-hidden">{badge.label}</span>
                  </span>
                ) : null}
                {collapsed ? null : <kbd className="nav__kbd">{shortcut}</kbd>}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
