import { useVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, type RefObject } from 'react';
import type { UiMessage } from '../../store/playground-chat';
import { MessageView, type MessageActions } from './MessageView';

/** The space between two messages (the list's flex gap, which absolutely placed rows do not get). */
const GAP = 14;

/**
 * The conversation's messages, virtualised: only those in (or near) the
 * viewport are in the DOM, so a 200-message conversation opens at once and
 * typing in the composer does not lay out thousands of elements. Heights are
 * measured as rows render; while `stick` holds, the view follows the end.
 */
export function MessageList(props: {
  messages: readonly UiMessage[];
  scrollRef: RefObject<HTMLDivElement | null>;
  stick: RefObject<boolean>;
  busy: boolean;
  actions: MessageActions;
}) {
  const { messages, scrollRef, stick } = props;
  const last = messages[messages.length - 1];
  const virtualizer = useVirtualizer({
    count: messages.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (messages[i]?.role === 'user' ? 70 : 220),
    getItemKey: (i) => messages[i]?.id ?? i,
    overscan: 4,
  });
  const total = virtualizer.getTotalSize();

  // Measured heights change the total: keep the end in view while following it.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [total, messages, scrollRef, stick]);

  if (messages.length === 0) return null;
  return (
    <div className="chat__rows" style={{ height: total, position: 'relative', flexShrink: 0 }}>
      {virtualizer.getVirtualItems().map((row) => {
        const m = messages[row.index]!;
        return (
          <div
            key={row.key}
            data-index={row.index}
            ref={virtualizer.measureElement}
            style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${row.start}px)`, paddingBottom: GAP }}
          >
            <MessageView message={m} canRegenerate={m.role === 'assistant' && m === last} busy={props.busy} actions={props.actions} />
          </div>
        );
      })}
    </div>
  );
}
