import { memo, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import ReactMarkdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { openLink } from '../../actions/shell';
import { useI18n } from '../../i18n';
import { copyText } from './helpers';
import { rehypePlainLargeCode } from './plainLargeCode';
import { BlockSplitter } from './markdown-blocks';
import { languagesReady, rehypeHighlightReady, subscribeHighlight } from './highlight';
import './markdown.css';

/** The parts of a hast node this file reads (react-markdown hands components their node). */
interface HastLike {
  type: string;
  value?: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: HastLike[];
}

function textOf(node: HastLike | undefined): string {
  if (!node) return '';
  if (node.type === 'text') return node.value ?? '';
  return (node.children ?? []).map(textOf).join('');
}

function languageOf(node: HastLike | undefined): string | null {
  const code = node?.children?.find((c) => c.tagName === 'code');
  const classes = code?.properties?.className;
  const list = Array.isArray(classes) ? classes.map(String) : typeof classes === 'string' ? classes.split(' ') : [];
  const lang = list.find((c) => c.startsWith('language-'));
  return lang ? lang.slice('language-'.length) : null;
}

/** Marked by rehypePlainLargeCode: too large to highlight. */
function isPlainLarge(node: HastLike | undefined): boolean {
  const classes = node?.children?.find((c) => c.tagName === 'code')?.properties?.className;
  return Array.isArray(classes) && classes[0] === 'no-highlight';
}

const isWebLink = (href: string | undefined): href is string => !!href && /^https?:\/\//i.test(href);

function CodeBlock({ node, children }: { node?: HastLike | undefined; children?: ReactNode }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState<'ok' | 'failed' | null>(null);
  const language = languageOf(node);
  const plain = isPlainLarge(node);
  const copy = async () => {
    const ok = await copyText(textOf(node).replace(/\n$/, ''));
    setCopied(ok ? 'ok' : 'failed');
    setTimeout(() => setCopied(null), 1600);
  };
  return (
    <div className="code-block">
      <div className="code-block__bar">
        <span className="code-block__lang">
          {language ?? t('playground.code.plain')}
          {plain ? ` · ${t('playground.code.large')}` : ''}
        </span>
        <button type="button" className="code-block__copy" onClick={() => void copy()} aria-label={t('playground.code.copyBlock')}>
          {copied === 'ok' ? t('playground.copied') : copied === 'failed' ? t('playground.copyFailed') : t('playground.copy')}
        </button>
      </div>
      <pre>{children}</pre>
    </div>
  );
}

const components: Components = {
  pre: ({ node, children }) => <CodeBlock node={node as HastLike | undefined}>{children}</CodeBlock>,
  // Links open in the system browser (http/https only); the app itself never navigates.
  a: ({ href, children, title }) =>
    isWebLink(href) ? (
      <a
        href={href}
        title={title ?? href}
        rel="noreferrer noopener"
        onClick={(e) => {
          e.preventDefault();
          openLink(href);
        }}
      >
        {children}
      </a>
    ) : (
      <span className="md-link--inert" title={href}>
        {children}
      </span>
    ),
  // Remote images are not loaded (privacy, and the page's CSP): show them as links.
  img: ({ src, alt }) =>
    typeof src === 'string' && isWebLink(src) ? (
      <a
        href={src}
        onClick={(e) => {
          e.preventDefault();
          openLink(src);
        }}
      >
        {alt || src}
      </a>
    ) : (
      <span>{alt}</span>
    ),
  table: ({ children }) => (
    <div className="md-table">
      <table>{children}</table>
    </div>
  ),
};

const remarkPlugins = [remarkGfm];
type RehypePlugins = NonNullable<Parameters<typeof ReactMarkdown>[0]['rehypePlugins']>;
const rehypePlugins = [rehypePlainLargeCode, rehypeHighlightReady] as RehypePlugins;
// The open block changes every frame: highlighting it each time would cost more than the parse.
const openRehypePlugins = [rehypePlainLargeCode] as RehypePlugins;

/**
 * One top-level block; memoised on its text, so a finished block is never parsed
 * again. Code is highlighted once its block is finished (`open` false) and its
 * language is ready (prepared in idle time; the block renders again then).
 */
const MarkdownBlock = memo(function MarkdownBlock({ text, open }: { text: string; open: boolean }) {
  const snapshot = () => open || languagesReady(text);
  useSyncExternalStore(subscribeHighlight, snapshot, snapshot);
  return (
    <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={open ? openRehypePlugins : rehypePlugins} components={components}>
      {text}
    </ReactMarkdown>
  );
});

/**
 * Model output as Markdown (GFM, highlighted code), never as raw HTML. An answer
 * seen streaming is parsed block by block: only its open last block is parsed
 * again, so an update costs the same at 100 tokens as at 20,000 (`streaming`
 * marks the last block as still open). A message shown already finished (an
 * opened conversation, a row scrolled into view) is parsed once, whole: one
 * parser run instead of one per block.
 */
export const Markdown = memo(function Markdown({ text, streaming = false }: { text: string; streaming?: boolean }) {
  shownForReal = true;
  const [blockwise, setBlockwise] = useState(streaming);
  if (streaming && !blockwise) setBlockwise(true);
  const splitter = useMemo(() => (blockwise ? new BlockSplitter() : null), [blockwise]);
  const blocks = splitter ? splitter.update(text) : [text];
  const last = blocks.length - 1;
  return (
    <div className="markdown">
      {blocks.map((block, i) => (
        <MarkdownBlock key={i} text={block} open={streaming && i === last} />
      ))}
    </div>
  );
});

/** Markdown of every kind an answer uses, for `warmUp`. */
const SAMPLE = [
  '## Heading',
  'A paragraph with **bold**, *emphasis*, `code` and a [link](https://example.com).',
  '- a list item\n- another, with ~~strike~~\n  1. nested',
  '> a quote',
  '| a | b |\n| - | - |\n| 1 | 2 |',
  '```\nplain code\n```',
].join('\n\n');

/** The longest slice of warm-up work in one idle callback: a click landing in it waits no longer. */
const WARM_SLICE_MS = 6;
/** The warm-up waits while the user is typing, clicking or scrolling, and this long after. */
const WARM_QUIET_MS = 500;
const INPUT_EVENTS = ['keydown', 'pointerdown', 'wheel'] as const;

/** Set when real Markdown renders: the page then warms up by use, and the warm-up stops. */
let shownForReal = false;

/**
 * Warms up, in idle time after the chunk loads, what opening the first conversation or
 * streaming the first answer does. The parser's first few dozen runs on a fresh page are
 * interpreted and cost several times a warm run, so it runs `runs` times, in slices of a few
 * milliseconds. Then one sample answer is rendered and laid out, hidden: the first layout of
 * bold, italic and code text looks those fonts up, which was the slowest step of the first open.
 * It gives way to the user's input and ends early once real Markdown has been shown.
 */
export function warmUp(runs = 40): void {
  const idle = (fn: () => void) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(fn) : setTimeout(fn, 0));
  let lastInputAt = Number.NEGATIVE_INFINITY;
  const noteInput = () => (lastInputAt = performance.now());
  for (const type of INPUT_EVENTS) addEventListener(type, noteInput, { capture: true, passive: true });
  const finish = () => {
    for (const type of INPUT_EVENTS) removeEventListener(type, noteInput, { capture: true });
  };
  let left = runs;
  const step = () => {
    if (shownForReal) return finish();
    const quietFor = performance.now() - lastInputAt;
    if (quietFor < WARM_QUIET_MS) return void setTimeout(() => idle(step), WARM_QUIET_MS - quietFor);
    const start = performance.now();
    do {
      ReactMarkdown({ children: SAMPLE, remarkPlugins, rehypePlugins, components });
      left--;
    } while (left > 0 && performance.now() - start < WARM_SLICE_MS);
    if (left > 0) return idle(step);
    finish();
    idle(() => !shownForReal && layOutHidden(idle));
  };
  idle(step);
}

function layOutHidden(idle: (fn: () => void) => void): void {
  const host = document.createElement('div');
  host.className = 'markdown-warm-up';
  host.setAttribute('aria-hidden', 'true');
  host.inert = true;
  document.body.appendChild(host);
  const root = createRoot(host);
  // Rendered now (not in a task of React's own, which could come after the frame below),
  // laid out with the next frame, removed when idle after it.
  flushSync(() =>
    root.render(
      <div className="msg msg--assistant">
        <div className="msg__body">
          <Markdown text={SAMPLE} />
        </div>
      </div>,
    ),
  );
  requestAnimationFrame(() =>
    idle(() => {
      root.unmount();
      host.remove();
    }),
  );
}

export default Markdown;
