import { lazy, Suspense } from 'react';

// Markdown and highlighting are the heaviest code of the playground: loaded on the first answer, not before.
const Markdown = lazy(() => import('./Markdown'));

/** Markdown once its code has loaded; until then the plain text (never a blank). */
export function LazyMarkdown({ text }: { text: string }) {
  return (
    <Suspense
      fallback={
        <div className="markdown" style={{ whiteSpace: 'pre-wrap' }}>
          {text}
        </div>
      }
    >
      <Markdown text={text} />
    </Suspense>
  );
}
