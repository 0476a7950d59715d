import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Markdown as MarkdownType } from '../../../src/renderer/pages/playground/Markdown';
import type * as Highlight from '../../../src/renderer/pages/playground/highlight';

// The page module reads `window.hub` at load: no bridge here.
vi.stubGlobal('window', {});
let Markdown: typeof MarkdownType;
let highlight: typeof Highlight;
beforeAll(async () => {
  ({ Markdown } = await import('../../../src/renderer/pages/playground/Markdown'));
  highlight = await import('../../../src/renderer/pages/playground/highlight');
});

const fence = (lang: string, body: string) => '```' + lang + '\n' + body + '\n```\n';
const code = 'def area(r):\n    return 3.14159 * r * r  # circle';
const render = (text: string) => renderToString(createElement(Markdown, { text }));

/** Resolves once every language fenced in `text` is ready to highlight. */
const ready = (text: string) =>
  new Promise<void>((done) => {
    if (highlight.languagesReady(text)) return done();
    const stop = highlight.subscribeHighlight(() => highlight.languagesReady(text) && (stop(), done()));
  });

describe('code highlighting is prepared off the render path', () => {
  it('shows a block in a language not seen yet as the same plain code first, then with colours', async () => {
    const text = fence('py', code);
    const first = render(text);
    expect(first).not.toContain('hljs-');
    expect(first).toContain('3.14159 * r * r  # circle');
    await ready(text);
    const later = render(text);
    expect(later).toContain('hljs-keyword');
    expect(later).toContain('hljs-comment');
  });

  it('colours the usual short names (js, sh) and a rarer alias (pl, Perl) alike', async () => {
    const text = fence('js', 'const a = 1; // one') + fence('sh', 'echo "$HOME"') + fence('pl', 'my $x = 1; # one');
    await ready(text);
    const html = render(text);
    expect(html.match(/class="hljs /g)).toHaveLength(3);
    expect(html).toContain('hljs-keyword');
    expect(html).toContain('hljs-variable');
  });

  it('never waits on an unknown language: its block stays plain and whole', async () => {
    const text = fence('no-such-language', 'x := 1');
    await ready(text);
    const html = render(text);
    expect(html).toContain('x := 1');
    expect(html).not.toContain('hljs-');
  });

  it('renders every block of a message, highlighted or not, in the order written', async () => {
    const text = `Intro\n\n${fence('python', code)}\nBetween\n\n${fence('bash', 'echo hi # note')}\nEnd`;
    await ready(text);
    const html = render(text);
    expect(html).toContain('hljs-comment');
    const order = ['Intro', '3.14159', 'Between', 'echo', 'End'].map((s) => html.indexOf(s));
    expect(order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
  });
});
