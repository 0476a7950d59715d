import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Markdown as MarkdownType } from '../../src/renderer/pages/playground/Markdown';
import { MAX_HIGHLIGHT_BLOCK_CHARS } from '../../src/renderer/pages/playground/plainLargeCode';

// The page module reads `window.hub` at load: no bridge here.
vi.stubGlobal('window', {});
let Markdown: typeof MarkdownType;
beforeAll(async () => {
  ({ Markdown } = await import('../../src/renderer/pages/playground/Markdown'));
  // A language's grammar is prepared in idle time after a first block asks for it.
  const { languagesReady, subscribeHighlight } = await import('../../src/renderer/pages/playground/highlight');
  await new Promise<void>((done) => {
    const stop = subscribeHighlight(() => languagesReady('```js\n') && (stop(), done()));
    languagesReady('```js\n');
  });
});

/** A 900 KB code block from a model is shown as plain text (highlighting it blocked the page for seconds); small ones keep their colours. */
const fence = (lang: string, body: string) => '```' + lang + '\n' + body + '\n```\n';
const line = 'const value = { key: "text", n: 42 }; // comment\n';

describe('large code blocks', () => {
  it('shows a 900 KB block whole, without highlighting, and says why', { timeout: 60_000 }, () => {
    const body = line.repeat(Math.ceil(900_000 / line.length));
    const html = renderToString(createElement(Markdown, { text: fence('js', body) }));
    expect(html).not.toContain('hljs-');
    expect(html).toContain('large, shown without colours');
    // Every line is there.
    expect(html.split('const value').length - 1).toBe(Math.ceil(900_000 / line.length));
  });

  it('still highlights a normal block', () => {
    const html = renderToString(createElement(Markdown, { text: fence('js', line.repeat(20)) }));
    expect(html).toContain('hljs-');
    expect(html).not.toContain('shown without colours');
  });

  it('stops highlighting once a message has spent its budget on many blocks', () => {
    const block = fence('js', line.repeat(Math.floor((MAX_HIGHLIGHT_BLOCK_CHARS * 0.9) / line.length)));
    const html = renderToString(createElement(Markdown, { text: block.repeat(4) }));
    expect(html).toContain('hljs-');
    expect(html.split('shown without colours').length - 1).toBe(2);
  }, 60_000);
});
