import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const RENDERER = join(__dirname, '../../../src/renderer');
const TOKENS = join(RENDERER, 'tokens.css');

function cssFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? cssFiles(join(dir, e.name)) : e.name.endsWith('.css') ? [join(dir, e.name)] : [],
  );
}

/** Hex colours, rgb()/hsl() and friends, and named colours other than transparent/currentColor. */
const NAMED = ['white', 'black', 'red', 'green', 'blue', 'gray', 'grey', 'orange', 'yellow', 'purple', 'pink', 'silver'];
const LITERAL = new RegExp(
  String.raw`#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch)\(|(?<![-\w])(?:${NAMED.join('|')})(?![-\w])`,
  'gi',
);

/** Colour literals in a stylesheet, with their line numbers; comments and selectors do not count. */
function colourLiterals(css: string): string[] {
  const found: string[] = [];
  const noComments = css.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '));
  noComments.split('\n').forEach((line, i) => {
    const colon = line.indexOf(':');
    // Only declarations (`prop: value`), so `.button--danger:hover` and `#main` selectors are not read as colours.
    if (colon < 0 || /[{}]\s*$/.test(line)) return;
    for (const m of line.slice(colon + 1).matchAll(LITERAL)) found.push(`${i + 1}: ${m[0]}`);
  });
  return found;
}

describe('colours come from tokens.css', () => {
  it('finds literals the way a reviewer would', () => {
    expect(colourLiterals('a {\n  color: #fff;\n  background: rgb(0 0 0 / 10%);\n  border-color: white;\n}')).toEqual([
      '2: #fff',
      '3: rgb(',
      '4: white',
    ]);
    expect(colourLiterals('.x:hover {\n  color: var(--text);\n  background: transparent;\n  fill: currentColor;\n  /* #abc */\n}')).toEqual(
      [],
    );
  });

  it('no stylesheet but tokens.css writes a colour literal', () => {
    const offenders = cssFiles(RENDERER)
      .filter((f) => f !== TOKENS)
      .flatMap((f) => colourLiterals(readFileSync(f, 'utf8')).map((hit) => `${relative(RENDERER, f)}:${hit}`));
    expect(offenders).toEqual([]);
  });

  it('tokens.css defines every colour for both themes', () => {
    const css = readFileSync(TOKENS, 'utf8');
    const light = css.slice(0, css.indexOf("[data-theme='dark']"));
    const dark = css.slice(css.indexOf("[data-theme='dark']"));
    const names = (block: string) => new Set([...block.matchAll(/^\s*(--[\w-]+):/gm)].map((m) => m[1] ?? ''));
    // Theme-independent tokens (fonts, radius) are defined once, in the light block.
    const shared = new Set(['--radius', '--font', '--mono']);
    const missing = [...names(light)].filter((n) => !shared.has(n) && !names(dark).has(n));
    expect(missing).toEqual([]);
  });
});
