/**
 * Code highlighting with one shared highlight.js instance. The first block in a
 * language costs a grammar compile (tens of milliseconds); that happens in idle
 * time, never inside a streamed frame or while a conversation opens: until its
 * language is ready a block shows its code as plain text, and re-renders once.
 */
import { common, createLowlight } from 'lowlight';

const lowlight = createLowlight();
/** Languages (as written after the fence, lower case) that highlight at once; unknown ones are "ready" too. */
const ready = new Set<string>();
const pending = new Set<string>();
const listeners = new Set<() => void>();
let allRegistered = false;

// The usual short names after a fence, so their grammar alone is set up: registering all 37 at once
// to learn the aliases doubled the first block's cost. Grammars declare these aliases themselves.
const COMMON_ALIASES: Record<string, string> = {
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  ts: 'typescript',
  tsx: 'typescript',
  py: 'python',
  sh: 'bash',
  zsh: 'bash',
  yml: 'yaml',
  md: 'markdown',
  html: 'xml',
  svg: 'xml',
  'c++': 'cpp',
  cc: 'cpp',
  h: 'c',
  cs: 'csharp',
  rb: 'ruby',
  kt: 'kotlin',
  rs: 'rust',
  golang: 'go',
};

function whenIdle(fn: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(fn, { timeout: 500 });
  else setTimeout(fn, 0);
}

function prepare(name: string): void {
  if (ready.has(name) || pending.has(name)) return;
  pending.add(name);
  whenIdle(() => {
    pending.delete(name);
    if (!lowlight.registered(name)) {
      const grammarName = COMMON_ALIASES[name] ?? name;
      const grammar = common[grammarName];
      if (grammar) lowlight.register(grammarName, grammar);
      else if (!allRegistered) {
        // An alias (js, py, sh…) is declared inside its grammar: register them all, once.
        allRegistered = true;
        lowlight.register(common);
      }
    }
    try {
      if (lowlight.registered(name)) lowlight.highlight(name, ''); // compiles the grammar
    } catch {
      // A grammar that fails to compile leaves its blocks plain.
    }
    ready.add(name);
    // The blocks render again in a task of their own, not on top of the compile.
    setTimeout(() => {
      for (const listener of [...listeners]) listener();
    }, 0);
  });
}

export function subscribeHighlight(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const FENCE = /^ {0,3}(?:`{3,}|~{3,})[ \t]*([^\s`{]+)/gm;

/** Whether every fenced language in `text` is ready to highlight (starts preparing the others). */
export function languagesReady(text: string): boolean {
  let all = true;
  for (const match of text.matchAll(FENCE)) {
    const name = match[1]!.toLowerCase();
    if (!ready.has(name)) {
      prepare(name);
      all = false;
    }
  }
  return all;
}

/** The part of a hast node the rehype steps here read. */
export interface HastNode {
  type: string;
  tagName?: string;
  value?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}
type Node = HastNode;

export function classesOf(node: Node): string[] {
  const value = node.properties?.className;
  return Array.isArray(value) ? value.map(String) : [];
}

/** The language class of a `code` element; null with none or with `no-highlight`. */
function languageOf(node: Node): string | null {
  for (const c of classesOf(node)) {
    if (c === 'no-highlight' || c === 'nohighlight') return null;
    if (c.startsWith('language-')) return c.slice('language-'.length).toLowerCase();
    if (c.startsWith('lang-')) return c.slice('lang-'.length).toLowerCase();
  }
  return null;
}

const textOf = (node: Node): string => (node.type === 'text' ? (node.value ?? '') : (node.children ?? []).map(textOf).join(''));

/** A rehype step: highlights `pre > code` blocks whose language is ready (the others are prepared for the next render). */
export function rehypeHighlightReady() {
  const visit = (node: Node, parent: Node | null): void => {
    if (node.type === 'element' && node.tagName === 'code' && parent?.tagName === 'pre') {
      const name = languageOf(node);
      if (name === null) return;
      if (!ready.has(name)) return prepare(name);
      if (!lowlight.registered(name)) return;
      try {
        const result = lowlight.highlight(name, textOf(node));
        node.properties = { ...node.properties, className: ['hljs', ...classesOf(node)] };
        node.children = result.children as Node[];
      } catch {
        // Left as plain text.
      }
      return;
    }
    for (const child of node.children ?? []) visit(child, node);
  };
  return (tree: Node) => visit(tree, null);
}
