import { useRef } from 'react';

export interface TabItem<T extends string> {
  id: T;
  label: string;
}

/**
 * A row of tabs for one tab panel (`panelId`): click or arrow keys to switch,
 * only the selected tab in the Tab order (the WAI-ARIA tabs pattern).
 * Each tab's id is `${idPrefix}-${item.id}`, for the panel's aria-labelledby.
 */
export function TabList<T extends string>(props: {
  items: readonly TabItem<T>[];
  selected: T;
  onSelect: (id: T) => void;
  label: string;
  idPrefix: string;
  panelId: string;
  className?: string;
  tabClassName?: string;
}) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const { items } = props;
  return (
    <div className={props.className ?? 'tabs'} role="tablist" aria-label={props.label}>
      {items.map((item, i) => (
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
          aria-controls={props.panelId}
          tabIndex={props.selected === item.id ? 0 : -1}
          onClick={() => props.onSelect(item.id)}
          onKeyDown={(e) => {
            if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
            e.preventDefault();
            const next = (i + (e.key === 'ArrowRight' ? 1 : -1) + items.length) % items.length;
            props.onSelect(items[next]!.id);
            refs.current[next]?.focus();
          }}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}
