import { describe, expect, it } from 'vitest';
import { BlockSplitter } from '../../../src/renderer/pages/playground/markdown-blocks';

const TEXT = [
  '## Title\n\n',
  'First paragraph,\nstill first.\n\n',
  ' Second paragraph after a spaced join.\n\n',
  '- one\n\n- two\n  continued\n\n',
  '```js\nconst a = 1;\n\nconst b = 2;\n```\n\n',
  'Last, still open',
].join('');

describe('BlockSplitter', () => {
  it('splits at blank lines outside fences, keeping loose lists and fenced code whole', () => {
    expect(new BlockSplitter().update(TEXT)).toEqual([
      '## Title\n\n',
      'First paragraph,\nstill first.\n\n',
      ' Second paragraph after a spaced join.\n\n',
      '- one\n\n- two\n  continued\n\n',
      '```js\nconst a = 1;\n\nconst b = 2;\n```\n\n',
      'Last, still open',
    ]);
  });

  it('streamed in any pieces, gives the same blocks, and finished blocks keep their text', () => {
    const splitter = new BlockSplitter();
    let finished: string[] = [];
    for (let end = 1; end <= TEXT.length; end += 7) {
      const blocks = splitter.update(TEXT.slice(0, end));
      const done = blocks.slice(0, -1);
      expect(done.slice(0, finished.length)).toEqual(finished);
      finished = done;
    }
    expect(splitter.update(TEXT)).toEqual(new BlockSplitter().update(TEXT));
    expect(splitter.update(TEXT).join('')).toBe(TEXT);
  });

  it('starts over when the text is replaced rather than extended', () => {
    const splitter = new BlockSplitter();
    splitter.update('a\n\nb');
    expect(splitter.update('c\n\nd')).toEqual(['c\n\n', 'd']);
  });

  it('starts over when a longer text changes the open block or the start, not only when it is shorter', () => {
    const splitter = new BlockSplitter();
    splitter.update('# Head\n\nopen block');
    expect(splitter.update('# Head\n\nother block, longer')).toEqual(['# Head\n\n', 'other block, longer']);
    expect(splitter.update('# Diff\n\nother block, longer still')).toEqual(['# Diff\n\n', 'other block, longer still']);
  });
});
