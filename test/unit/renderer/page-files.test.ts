import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const PAGES = join(__dirname, '../../../src/renderer/pages');
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Pages show state and call actions; the bridge to main is reached through stores and actions only. */
describe('page files', () => {
  const all = files(PAGES);

  it('never reach the bridge themselves', () => {
    const offenders = all.filter((f) => /window\.hub|\bhub!|from '(\.\.\/)+hub'/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('stay under 350 lines each', () => {
    const long = all.map((f) => [f, readFileSync(f, 'utf8').split('\n').length] as const).filter(([, n]) => n >= 350);
    expect(long).toEqual([]);
  });
});
