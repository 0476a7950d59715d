import { useEffect, useState, type ComponentType } from 'react';

interface MarkdownProps {
  text: string;
  streaming?: boolean;
}

// Markdown and highlighting are the heaviest code of the playground: not part of
// first paint, but fetched and compiled while the page is idle, so the first
// answer does not pay for it in the middle of streaming. Not React.lazy: its first
// render suspends even when the module is already loaded, which painted every
// message as plain text and then rendered them all a second time.
let loaded: ComponentType<MarkdownProps> | null = null;
let loading: Promise<ComponentType<MarkdownProps>> | null = null;

function load(): Promise<ComponentType<MarkdownProps>> {
  loading ??= import('./Markdown').then(
    (m) => {
      m.warmUp();
      return (loaded = m.default);
    },
    (error: unknown) => {
      loading = null; // a later render tries again
      throw error;
    },
  );
  return loading;
}

if (typeof window !== 'undefined') {
  const idle = window.requestIdleCallback ?? ((fn: () => void) => window.setTimeout(fn, 200));
  idle(() => void load().catch(() => undefined));
}

/** Markdown once its code has loaded; until then the plain text (never a blank). */
export function LazyMarkdown({ text, streaming = false }: MarkdownProps) {
  const [Markdown, setMarkdown] = useState(() => loaded);
  useEffect(() => {
    if (Markdown) return;
    let live = true;
    load().then(
      (component) => live && setMarkdown(() => component),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [Markdown]);
  if (Markdown) return <Markdown text={text} streaming={streaming} />;
  return (
    <div className="markdown" style={{ whiteSpace: 'pre-wrap' }}>
      {text}
    </div>
  );
}
