/**
 * A rehype step that runs before highlighting: a very large code block (or the
 * blocks after a message's highlighting budget is spent) is marked
 * `no-highlight`, which the highlighter (highlight.ts) leaves as plain text. Highlighting a
 * 900 KB block used to block the page for seconds.
 */
import { classesOf, type HastNode } from './highlight';

export const MAX_HIGHLIGHT_BLOCK_CHARS = 100_000;
export const MAX_HIGHLIGHT_MESSAGE_CHARS = 200_000;

type Node = HastNode;

function textLength(node: Node): number {
  if (node.type === 'text') return node.value?.length ?? 0;
  let n = 0;
  for (const child of node.children ?? []) n += textLength(child);
  return n;
}

export function rehypePlainLargeCode() {
  return (tree: Node) => {
    let spent = 0;
    const visit = (node: Node) => {
      if (node.type === 'element' && node.tagName === 'pre') {
        for (const code of node.children ?? []) {
          if (code.type !== 'element' || code.tagName !== 'code') continue;
          const size = textLength(code);
          if (size > MAX_HIGHLIGHT_BLOCK_CHARS || spent + size > MAX_HIGHLIGHT_MESSAGE_CHARS) {
            // First, so it wins over any language class.
            code.properties = { ...code.properties, className: ['no-highlight', ...classesOf(code)] };
          } else spent += size;
        }
        return;
      }
      for (const child of node.children ?? []) visit(child);
    };
    visit(tree);
  };
}
