import { readFileSync } from 'node:fs';
import { matchesGlob, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import config from '../../../electron-builder';

const root = resolve(import.meta.dirname, '../../..');
const schema = JSON.parse(readFileSync(resolve(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as object;
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
};
// Stricter than electron-builder itself: no type coercion.
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const plain = JSON.parse(JSON.stringify(config)) as Record<string, unknown>;

describe('electron-builder configuration', () => {
  it('matches the JSON schema shipped with electron-builder', () => {
    const ok = validate(plain);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check catches a misspelt option (so the check above can fail)', () => {
    expect(validate({ ...plain, electronFuse: { runAsNode: false } })).toBe(false);
    expect(validate({ ...plain, mac: { ...(plain.mac as object), hardenedRuntim: true } })).toBe(false);
  });

  it('names the app as users and the OS see it', () => {
    expect(config.appId).toBe('io.aigne.hub.desktop');
    expect(config.productName).toBe('AIGNE Hub Desktop');
  });

  it('flips the Electron fuses from the security checklist', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    });
  });

  it('packs into asar and unpacks the keychain addon', () => {
    expect(config.asar).toBe(true);
    const unpack = [config.asarUnpack ?? []].flat() as string[];
    expect(unpack.some((g) => matchesGlob('node_modules/keytar/build/Release/keytar.node', g))).toBe(true);
    expect(unpack.some((g) => matchesGlob('out/main/index.js', g))).toBe(false);
  });

  it('packs only the built main, preload and renderer, never sources, maps or the browser host', () => {
    const files = [config.files ?? []].flat() as string[];
    const included = files.filter((f) => !f.startsWith('!'));
    expect(included.sort()).toEqual(['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json']);
    expect(files).toContain('!out/**/*.map');
    for (const f of ['src/main/index.ts', 'out/web/bridge.js', 'sandbox-hub/cli.ts']) {
      expect(
        included.some((g) => matchesGlob(f, g)),
        f,
      ).toBe(false);
    }
  });

  it('keeps renderer libraries and the browser host server out of the packed dependencies', () => {
    for (const name of ['react', 'react-dom', 'chart.js', 'react-markdown', 'rehype-highlight', 'remark-gfm', 'ws']) {
      expect(pkg.dependencies, name).not.toHaveProperty(name);
      expect(pkg.devDependencies, name).toHaveProperty(name);
    }
    expect(pkg.devDependencies).toHaveProperty('electron');
    expect(pkg.devDependencies).toHaveProperty('electron-builder');
  });

  it('builds a dmg for both Mac architectures with the hardened runtime and entitlements', () => {
    const mac = config.mac!;
    expect(mac.hardenedRuntime).toBe(true);
    expect(mac.notarize).toBe(true);
    const targets = [mac.target].flat() as { target: string; arch: string[] }[];
    const dmg = targets.find((t) => t.target === 'dmg');
    expect(dmg?.arch.sort()).toEqual(['arm64', 'x64']);
    // electron-updater on macOS installs from the zip.
    expect(targets.some((t) => t.target === 'zip')).toBe(true);
    const entitlements = readFileSync(resolve(root, mac.entitlements!), 'utf8');
    expect(entitlements).toContain('com.apple.security.cs.allow-jit');
  });

  it('builds AppImage and deb for Linux and NSIS for Windows', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(([config.win?.target].flat() as { target: string }[]).map((t) => t.target)).toEqual(['nsis']);
  });

  it('publishes to GitHub releases, which electron-updater reads', () => {
    const publish = [config.publish].flat() as { provider: string }[];
    expect(publish.map((p) => p.provider)).toEqual(['github']);
  });

  it('has a dist script that draws the icons, builds, then packages', () => {
    expect(pkg.scripts.dist).toBe('tsx scripts/icons.ts && electron-vite build && electron-builder');
  });
});
