import { useRef, type ReactNode } from 'react';

export interface TabItem<T extends string> {
  id: T;
  /** The tab's name (also its accessible name). */
  label: string;
  /** Drawn before the label, e.g. an icon. */
  before?: ReactNode;
  /** Drawn after the label, e.g. a count or a live dot; give it its own text for screen readers if it matters. */
  after?: ReactNode;
  disabled?: boolean;
}

/**
 * A row of tabs (the WAI-ARIA tabs pattern, automatic activation): click, or the arrow keys,
 * Home and End to move and select; only the selected tab is in the Tab order. Each tab's id is
 * `${idPrefix}-${item.id}`, for the panel's aria-labelledby; `panelId` names the panel a tab
 * controls (one shared panel, or one per tab).
 */
export function TabList<T extends string>(props: {
  items: readonly TabItem<T>[];
  selected: T | undefined;
  onSelect: (id: T) => void;
  label: string;
  idPrefix: string;
  panelId?: string | ((id: T) => string) | undefined;
  className?: string;
  tabClassName?: string;
  testId?: string;
}) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const { items } = props;
  const enabled = items.map((item, i) => (item.disabled ? -1 : i)).filter((i) => i >= 0);
  // With nothing selected (yet), the first tab is the way in.
  const focusable = items.some((item) => item.id === props.selected) ? props.selected : items[enabled[0] ?? 0]?.id;

  const move = (from: number, key: string): number | null => {
    const at = enabled.indexOf(from);
    if (key === 'Home') return enabled[0] ?? null;
    if (key === 'End') return enabled[enabled.length - 1] ?? null;
    if (key === 'ArrowRight') return enabled[(at + 1) % enabled.length] ?? null;
    if (key === 'ArrowLeft') return enabled[(at - 1 + enabled.length) % enabled.length] ?? null;
    return null;
  };

  return (
    <div className={props.className ?? 'tabs'} role="tablist" aria-label={props.label} data-testid={props.testId}>
      {items.map((item, i) => {
        const controls = typeof props.panelId === 'function' ? props.panelId(item.id) : props.panelId;
        return (
          <button
            key={item.id}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="tab"
            className={props.tabClassName ?? 'tab'}
            id={`${props.idPrefix}-${item.id}`}
            aria-selected={props.selected === item.id}
            aria-controls={controls}
            disabled={item.disabled}
            tabIndex={focusable === item.id ? 0 : -1}
            onClick={() => props.onSelect(item.id)}
            onKeyDown={(e) => {
              const next = move(i, e.key);
              if (next === null) return;
              e.preventDefault();
              props.onSelect(items[next]!.id);
              refs.current[next]?.focus();
            }}
          >
            {item.before}
            <span className="tab__label">{item.label}</span>
            {item.after}
          </button>
        );
      })}
    </div>
  );
}
