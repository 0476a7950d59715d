import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useLayoutEffect, useState, type RefObject } from 'react';
import type { UiMessage } from '../../store/playground-chat';
import { MessageView, type MessageActions } from './MessageView';

/** The space between two messages (the list's flex gap, which absolutely placed rows do not get). */
const GAP = 14;

const estimate = (m: UiMessage | undefined) => (m?.role === 'user' ? 70 : 220);

/** Runs `fn` in a task of its own after the next frame has painted; returns a cancel. */
function afterNextPaint(fn: () => void): () => void {
  let timer: number | undefined;
  const frame = requestAnimationFrame(() => (timer = window.setTimeout(fn, 0)));
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}

/**
 * The conversation's messages, virtualised: only those in (or near) the
 * viewport are in the DOM, so a 200-message conversation opens at once and
 * typing in the composer does not lay out thousands of elements. Heights are
 * measured as rows render; while `stick` holds, the view follows the end.
 * Mounted afresh for each opened conversation (keyed by the caller), it starts at
 * the end, so opening one renders only its last rows, once. Memoised: typing in
 * the composer does not render it.
 */
export const MessageList = memo(function MessageList(props: {
  messages: readonly UiMessage[];
  scrollRef: RefObject<HTMLDivElement | null>;
  stick: RefObject<boolean>;
  busy: boolean;
  actions: MessageActions;
}) {
  const { messages, scrollRef, stick } = props;
  const last = messages[messages.length - 1];
  // The rows out of view are added in a task after the first frame has painted: opening a
  // conversation renders and paints only what is on screen first. Not in idle time: behind
  // other idle work (warm-ups) they could land in the middle of the user's typing.
  const [overscan, setOverscan] = useState(0);
  useEffect(() => afterNextPaint(() => setOverscan(4)), []);
  // The viewport as it is (read once): otherwise the first render assumes an empty one, and a second fills it.
  const [initialRect] = useState(() => ({ width: scrollRef.current?.clientWidth ?? 0, height: scrollRef.current?.clientHeight ?? 0 }));
  const virtualizer = useVirtualizer({
    count: messages.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => estimate(messages[i]),
    getItemKey: (i) => messages[i]?.id ?? i,
    overscan,
    initialRect,
    // Where the caller scrolls it (the end): without this, the first render lays out the top rows for nothing.
    initialOffset: () => {
      let end = 0;
      for (const m of messages) end += estimate(m);
      return Math.max(0, end - initialRect.height);
    },
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
});
