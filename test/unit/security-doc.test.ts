import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const doc = readFileSync(join(root, 'docs/SECURITY.md'), 'utf8');

/** Table rows of the claims: `| claim | test |` (the header and separator rows excluded). */
const rows = doc
  .split('\n')
  .filter((line) => line.startsWith('| ') && !line.startsWith('| ---') && !/^\| (Claim|Asset) \|/.test(line))
  .map((line) => line.split(' | ').map((cell) => cell.replace(/^\|\s*|\s*\|$/g, '').trim()))
  .filter((cells) => cells.length >= 2 && /(›|\(to be linked\))/.test(cells[cells.length - 1]!));

/** The source text of a test name as written in its file (quotes escaped as in the source). */
function appearsIn(source: string, name: string): boolean {
  if (source.includes(name)) return true;
  return source.includes(name.replace(/'/g, "\\'"));
}

describe('docs/SECURITY.md', () => {
  it('has claims, each naming a test', () => {
    expect(rows.length).toBeGreaterThan(30);
  });

  it('cites only tests that exist: the file is there and holds a test of that name', () => {
    const missing: string[] = [];
    for (const cells of rows) {
      const cite = cells[cells.length - 1]!;
      if (cite === '(to be linked)') continue;
      const [file, name] = cite.split(' › ').map((s) => s.trim()) as [string, string];
      const path = join(root, file);
      if (!existsSync(path)) {
        missing.push(`${file} (no such file)`);
        continue;
      }
      if (!appearsIn(readFileSync(path, 'utf8'), name)) missing.push(`${file} › ${name}`);
    }
    expect(missing).toEqual([]);
  });

  it('leaves no claim without its test', () => {
    const unlinked = rows.filter((cells) => cells[cells.length - 1] === '(to be linked)').map((cells) => cells[0]);
    expect(unlinked).toEqual([]);
  });
});
