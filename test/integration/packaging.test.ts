/**
 * Runs electron-builder for real (Linux, unpacked `--dir`) against the built
 * app, with a stand-in Electron folder because no Electron binary can be
 * downloaded here, then reads what went into app.asar. Fuses and native
 * rebuilds need the real binary and are left to the release workflow.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { listPackage } from '@electron/asar';
import { init as initLexer, parse as parseModule } from 'es-module-lexer';
import { build, Platform } from 'electron-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
let work: string;
let resources: string;
let packed: string[];

beforeAll(async () => {
  if (!existsSync(join(root, 'out/main/index.js'))) throw new Error('Build the app first: npm run build');
  work = mkdtempSync(join(tmpdir(), 'hub-dist-'));
  const electronDist = join(work, 'electron');
  mkdirSync(join(electronDist, 'resources'), { recursive: true });
  writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\n');
  chmodSync(join(electronDist, 'electron'), 0o755);
  const previous = process.env.GITHUB_REPOSITORY;
  process.env.GITHUB_REPOSITORY = 'example-owner/aigne-hub-desktop';
  try {
    await build({
      projectDir: root,
      targets: Platform.LINUX.createTarget('dir'),
      publish: 'never',
      config: { npmRebuild: false, electronFuses: null, electronDist, directories: { output: join(work, 'dist') } },
    });
  } finally {
    if (previous === undefined) delete process.env.GITHUB_REPOSITORY;
    else process.env.GITHUB_REPOSITORY = previous;
  }
  resources = join(work, 'dist/linux-unpacked/resources');
  packed = listPackage(join(resources, 'app.asar'), { isPack: false }).map((p) => p.replaceAll('\\', '/'));
}, 180_000);
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const topModules = () => new Set(packed.filter((p) => p.startsWith('/node_modules/')).map((p) => p.split('/')[2]));

describe('what `npm run dist` packs', () => {
  it('packs the built main, preload and renderer and the package manifest', () => {
    for (const f of ['/package.json', '/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html']) {
      expect(packed, f).toContain(f);
    }
  });

  it('packs no sources, source maps, tests or the browser host', () => {
    const app = packed.filter((p) => !p.startsWith('/node_modules/'));
    expect(app.filter((p) => /\.(ts|tsx|map)$/.test(p))).toEqual([]);
    expect(app.filter((p) => /^\/(src|test|sandbox-hub|out\/web|build|scripts)(\/|$)/.test(p))).toEqual([]);
  });

  it('leaves renderer libraries and the browser host server out (electron-vite bundled them)', () => {
    const modules = topModules();
    for (const name of ['react', 'react-dom', 'chart.js', 'react-markdown', 'rehype-highlight', 'remark-gfm', 'ws', 'electron', 'vite']) {
      expect(modules.has(name), name).toBe(false);
    }
  });

  it('packs every module the built main process imports', async () => {
    const main = readFileSync(join(root, 'out/main/index.js'), 'utf8');
    await initLexer;
    // A real parse: import-like text inside strings (the code-export templates) is not an import.
    const specifiers = parseModule(main)[0]
      .map((i) => i.n ?? '')
      .filter((s) => s && !s.startsWith('.'));
    const bare = [...new Set(specifiers.map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!)))].filter(
      (s) => !s.startsWith('node:') && !builtinModules.includes(s) && s !== 'electron',
    );
    expect(bare.length).toBeGreaterThan(0);
    const modules = topModules();
    for (const name of bare) {
      expect(pkg.dependencies, name).toHaveProperty(name);
      expect(modules.has(name), name).toBe(true);
    }
  });

  it('unpacks the keychain addon next to the archive, where Electron can load it', () => {
    expect(existsSync(join(resources, 'app.asar.unpacked/node_modules/keytar/build/Release/keytar.node'))).toBe(true);
    expect(packed.filter((p) => p.endsWith('.node'))).toEqual(expect.arrayContaining(['/node_modules/keytar/build/Release/keytar.node']));
  });

  it('writes the update feed for electron-updater: GitHub releases of this repository', () => {
    const feed = readFileSync(join(resources, 'app-update.yml'), 'utf8');
    expect(feed).toMatch(/^provider: github$/m);
    expect(feed).toMatch(/^owner: example-owner$/m);
    expect(feed).toMatch(/^repo: aigne-hub-desktop$/m);
  });
});
