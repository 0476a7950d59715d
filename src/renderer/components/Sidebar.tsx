import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '../i18n';
import type { Section } from '../sections';
import { Icon } from './Icon';
import { MOD_KEY, Nav, type NavBadge } from './Nav';

/** Below this window width the sidebar folds to icons unless the user chose otherwise. */
const NARROW = '(max-width: 1023px)';
const STORAGE_KEY = 'sidebar';
type Choice = 'auto' | 'collapsed' | 'expanded';

function storedChoice(): Choice {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === 'collapsed' || v === 'expanded' ? v : 'auto';
  } catch {
    return 'auto';
  }
}

/**
 * Whether the sidebar shows icons only: folded automatically in a narrow window, or as the user
 * last chose with the toggle (a layout preference, so local storage is fine).
 */
export function useSidebarCollapsed(): [boolean, () => void] {
  const [choice, setChoice] = useState<Choice>(storedChoice);
  const [narrow, setNarrow] = useState(() => window.matchMedia(NARROW).matches);
  useEffect(() => {
    const mql = window.matchMedia(NARROW);
    const onChange = () => {
      setNarrow(mql.matches);
      // Resizing the window hands the decision back to the window size.
      setChoice('auto');
    };
    mql.addEventListener('change', onChange);
    return () => mql.removeEventListener('change', onChange);
  }, []);
  const collapsed = choice === 'auto' ? narrow : choice === 'collapsed';
  const toggle = useCallback(() => {
    const next: Choice = collapsed ? 'expanded' : 'collapsed';
    setChoice(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      /* storage refused: the choice lasts for this session */
    }
  }, [collapsed]);
  useEffect(() => {
    try {
      if (choice === 'auto') localStorage.removeItem(STORAGE_KEY);
    } catch {
      /* nothing to forget */
    }
  }, [choice]);
  return [collapsed, toggle];
}

export const SIDEBAR_SHORTCUT = `${MOD_KEY}B`;

export function Sidebar(props: {
  section: Section;
  go: (s: Section) => void;
  badges: Partial<Record<Section, NavBadge>>;
  collapsed: boolean;
  onToggle: () => void;
}) {
  const { t } = useI18n();
  const toggleLabel = props.collapsed ? t('nav.expand') : t('nav.collapse');
  return (
    <aside className="sidebar" data-collapsed={props.collapsed || undefined}>
      <div className="brand" title={props.collapsed ? t('app.name') : undefined}>
        <span className="brand__mark">
          <Icon name="hub" size={22} />
        </span>
        <div className="brand__text">
          <div className="brand__name">{t('app.name')}</div>
          <div className="brand__tagline">{t('app.tagline')}</div>
        </div>
      </div>
      <Nav current={props.section} onSelect={props.go} badges={props.badges} collapsed={props.collapsed} />
      <button
        type="button"
        className="sidebar__toggle"
        aria-label={toggleLabel}
        aria-expanded={!props.collapsed}
        title={`${toggleLabel} · ${t('nav.shortcut', { keys: SIDEBAR_SHORTCUT })}`}
        onClick={props.onToggle}
        data-testid="sidebar-toggle"
      >
        <Icon name="sidebar" size={18} />
        <span className="sidebar__toggle-label">{toggleLabel}</span>
      </button>
    </aside>
  );
}
