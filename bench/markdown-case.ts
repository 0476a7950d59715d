// Markdown cost per streaming update: the renderer's block-wise parse (only the
// open tail block is parsed again; React skips the memoised finished blocks)
// against a plain-text update, at 1k and 20k tokens. Runs in Node with the same
// libraries and plugins the page uses (react-markdown, remark-gfm, its shared highlighter).
import { performance } from 'node:perf_hooks';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import ReactMarkdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { BlockSplitter } from '../src/renderer/pages/playground/markdown-blocks';
import { languagesReady, rehypeHighlightReady, subscribeHighlight } from '../src/renderer/pages/playground/highlight';
import { rehypePlainLargeCode } from '../src/renderer/pages/playground/plainLargeCode';
import { judge, median, p95, round, type Row } from './stats';
import type { Mode } from './node-cases';

/** A long answer of about `tokens` words: headings, paragraphs, lists and code, as models write. */
export function markdownAnswer(tokens: number): string[] {
  const words: string[] = [];
  const para =
    'The keeper wound the weight every few hours so the lens kept turning through the night and ships could read its character .'.split(
      ' ',
    );
  for (let section = 0; words.length < tokens; section++) {
    words.push(`\n\n## Part ${section}\n\n`);
    for (let p = 0; p < 3; p++) {
      for (const w of para) words.push(w === '.' ? '.\n\n' : `${section % 2 ? '**' + w + '**' : w} `);
    }
    words.push('- first item\n', '- second item with `code`\n', '- third item\n\n');
    words.push('```ts\n', 'const period = 10;\n', 'console.log(period * 2);\n', '```\n\n');
  }
  return words.slice(0, tokens);
}

const plugins = { remarkPlugins: [remarkGfm], rehypePlugins: [rehypePlainLargeCode, rehypeHighlightReady] as never };
const render = (text: string) => renderToStaticMarkup(createElement(ReactMarkdown, plugins, text));

/** Per-update costs (ms) of the last `updates` frames of streaming `tokens` words, 16 words a frame. */
function measure(words: string[], updates: number): { blocks: number[]; whole: number[]; plain: number[] } {
  const perFrame = 16;
  const splitter = new BlockSplitter();
  const out = { blocks: [] as number[], whole: [] as number[], plain: [] as number[] };
  const start = Math.max(perFrame, words.length - updates * perFrame);
  // Bring the splitter up to the starting point, as the stream would have.
  splitter.update(words.slice(0, start).join(''));
  let previousBlocks = splitter.update(words.slice(0, start).join(''));
  for (let end = start + perFrame, i = 0; end <= words.length; end += perFrame, i++) {
    const text = words.slice(0, end).join('');
    const t0 = performance.now();
    const blocks = splitter.update(text);
    // React re-renders only blocks whose text changed (memo): normally the tail alone.
    for (let b = 0; b < blocks.length; b++) if (blocks[b] !== previousBlocks[b]) render(blocks[b]!);
    out.blocks.push(performance.now() - t0);
    previousBlocks = blocks;
    const t1 = performance.now();
    renderToStaticMarkup(createElement('pre', null, text));
    out.plain.push(performance.now() - t1);
    if (i % 10 === 0) {
      const t2 = performance.now();
      render(text);
      out.whole.push(performance.now() - t2);
    }
  }
  return out;
}

/** The page prepares a language's grammar in idle time before its first highlight; so does the bench, before measuring. */
function languagesPrepared(text: string): Promise<void> {
  return new Promise((done) => {
    if (languagesReady(text)) return done();
    const stop = subscribeHighlight(() => languagesReady(text) && (stop(), done()));
  });
}

export async function markdownCase(mode: Mode): Promise<Row[]> {
  await languagesPrepared(markdownAnswer(200).join(''));
  const small = measure(markdownAnswer(1000), mode.quick ? 4 : 40);
  const big = measure(markdownAnswer(mode.quick ? 2000 : 20_000), mode.quick ? 4 : 40);
  const rows: Row[] = [];
  const tokens = mode.quick ? '2k' : '20k';
  rows.push(
    judge({
      case: 'markdown',
      name: `Markdown cost per update, ${tokens}-token answer vs a 1k-token one (block-wise)`,
      anchor: 'same at 1k tokens',
      unit: 'ratio',
      median: median(big.blocks) / median(small.blocks),
      p95: p95(big.blocks) / p95(small.blocks),
      goal: { median: 1.5 },
      samples: big.blocks.length,
      detail: {
        blocksMedianMs: round(median(big.blocks)),
        blocksP95Ms: round(p95(big.blocks)),
        smallBlocksMedianMs: round(median(small.blocks)),
        wholeReparseMedianMs: round(median(big.whole)),
      },
    }),
  );
  rows.push(
    judge({
      case: 'markdown',
      name: `Markdown cost per update of a ${tokens}-token answer vs plain text`,
      anchor: 'plain text',
      unit: 'ratio',
      median: median(big.blocks) / median(big.plain),
      p95: p95(big.blocks) / p95(big.plain),
      samples: big.blocks.length,
      detail: { plainMedianMs: round(median(big.plain)), wholeReparseVsPlain: round(median(big.whole) / median(big.plain), 1) },
    }),
  );
  return rows;
}
