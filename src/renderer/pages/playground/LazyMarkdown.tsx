import { lazy, Suspense } from 'react';

// Markdown and highlighting are the heaviest code of the playground: not part of
// first paint, but fetched and compiled while the page is idle, so the first
// answer does not pay for it in the middle of streaming.
const load = () => import('./Markdown');
const Markdown = lazy(load);
if (typeof window !== 'undefined') {
  const idle = window.requestIdleCallback ?? ((fn: () => void) => window.setTimeout(fn, 200));
  idle(() => void load().catch(() => undefined));
}

/** Markdown once its code has loaded; until then the plain text (never a blank). */
export function LazyMarkdown({ text, streaming = false }: { text: string; streaming?: boolean }) {
  return (
    <Suspense
      fallback={
        <div className="markdown" style={{ whiteSpace: 'pre-wrap' }}>
          {text}
        </div>
      }
    >
      <Markdown text={text} streaming={streaming} />
    </Suspense>
  );
}
