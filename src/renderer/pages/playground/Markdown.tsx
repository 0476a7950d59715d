import { memo, useMemo, useState, type ReactNode } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import rehypeHighlight from 'rehype-highlight';
import remarkGfm from 'remark-gfm';
import { openLink } from '../../actions/shell';
import { useI18n } from '../../i18n';
import { copyText } from './helpers';
import { rehypePlainLargeCode } from './plainLargeCode';
import { BlockSplitter } from './markdown-blocks';
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
// One highlighter for every block: rehype-highlight registers all its languages each time it is
// attached, and react-markdown attaches plugins on every parse; that cost 20-60 ms per finished block.
const highlight = rehypeHighlight({ detect: false });
const rehypeHighlightShared = () => highlight;
const rehypePlugins = [rehypePlainLargeCode, rehypeHighlightShared] as RehypePlugins;
// The open block changes every frame: highlighting it each time would cost more than the parse.
const openRehypePlugins = [rehypePlainLargeCode] as RehypePlugins;

/**
 * One top-level block; memoised on its text, so a finished block is never parsed
 * again. Code is highlighted once its block is finished (`open` false).
 */
const MarkdownBlock = memo(function MarkdownBlock({ text, open }: { text: string; open: boolean }) {
  return (
    <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={open ? openRehypePlugins : rehypePlugins} components={components}>
      {text}
    </ReactMarkdown>
  );
});

/**
 * Model output as Markdown (GFM, highlighted code), never as raw HTML. Parsed
 * block by block: while an answer streams only its open last block is parsed
 * again, so an update costs the same at 100 tokens as at 20,000. `streaming`
 * marks the last block as still open.
 */
export const Markdown = memo(function Markdown({ text, streaming = false }: { text: string; streaming?: boolean }) {
  const splitter = useMemo(() => new BlockSplitter(), []);
  const blocks = splitter.update(text);
  const last = blocks.length - 1;
  return (
    <div className="markdown">
      {blocks.map((block, i) => (
        <MarkdownBlock key={i} text={block} open={streaming && i === last} />
      ))}
    </div>
  );
});

export default Markdown;
