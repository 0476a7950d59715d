/**
 * Splits a Markdown answer into top-level blocks, so a streaming answer only
 * re-parses its last, still open block: finished blocks keep their exact text
 * and are memoised by the renderer. A block ends at a blank line outside a
 * code fence; after a blank line, a list's next item or indented continuation
 * stays in the list's block, so loose lists are parsed together.
 *
 * `update` is incremental for appends: it re-scans only from the start of the
 * open block, so its cost does not grow with the answer's length.
 */
export class BlockSplitter {
  private text = '';
  /** Finished blocks (never change once finished). */
  private done: string[] = [];
  /** Where the open block starts in `text`. */
  private openAt = 0;

  update(text: string): string[] {
    if (!this.extends(text)) this.reset();
    this.text = text;
    this.scan();
    const tail = text.slice(this.openAt);
    return tail === '' ? this.done.slice() : [...this.done, tail];
  }

  /**
   * Whether `text` appends to what was seen. Only the open tail and the head are
   * compared: finished blocks are immutable, and a full comparison would make every
   * update cost the length of the answer.
   */
  private extends(text: string): boolean {
    const seen = this.text;
    if (text.length < seen.length) return false;
    const head = Math.min(this.openAt, 256);
    return text.startsWith(seen.slice(0, head)) && text.startsWith(seen.slice(this.openAt), this.openAt);
  }

  private reset(): void {
    this.text = '';
    this.done = [];
    this.openAt = 0;
  }

  /** Moves finished blocks out of the open tail. */
  private scan(): void {
    const text = this.text;
    let pos = this.openAt;
    let fence: string | null = null;
    let blockStart = this.openAt;
    let afterBlank = false;
    let listBlock = false;
    while (pos < text.length) {
      const nl = text.indexOf('\n', pos);
      if (nl === -1) {
        // The last line is still being written. Outside a list its first characters
        // already say that a new block began; in a list, wait for the whole line.
        if (fence === null && afterBlank && !listBlock && text.slice(pos).trim() !== '') {
          this.done.push(text.slice(blockStart, pos));
          blockStart = pos;
        }
        break;
      }
      const line = text.slice(pos, nl);
      const next = nl + 1;
      const trimmed = line.trimStart();
      if (fence !== null) {
        if (trimmed.startsWith(fence) && trimmed.slice(fence.length).trim() === '') fence = null;
      } else if (trimmed === '') {
        afterBlank = true;
      } else {
        if (afterBlank) {
          // Only a list goes on after a blank line (its next item, or an indented continuation).
          const continues = listBlock && (/^[ \t]/.test(line) || LIST_ITEM.test(line.trimStart()));
          if (!continues) {
            // The blank line(s) before this line closed the previous block.
            this.done.push(text.slice(blockStart, pos));
            blockStart = pos;
            listBlock = false;
          }
          afterBlank = false;
        }
        if (pos === blockStart && LIST_ITEM.test(line)) listBlock = true;
        const open = /^(`{3,}|~{3,})/.exec(trimmed);
        if (open) fence = open[1]!;
      }
      pos = next;
    }
    this.openAt = blockStart;
  }
}

const LIST_ITEM = /^(?:[-*+]|\d{1,9}[.)])[ \t]/;
