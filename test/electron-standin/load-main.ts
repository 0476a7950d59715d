import { existsSync, mkdtempSync } from 'node:fs';
import Module, { register } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createFakeElectron, type StandInConfig } from './fake-electron';
// Past vitest's module runner: the built file must load as Node (and Electron) load it.
import { nativeImport } from './native-import.mjs';

export const root = resolve(import.meta.dirname, '../..');
export const builtMain = join(root, 'out/main/index.js');

/** The AppContext the built main exports (loosely typed: it is the built file, not the source). */
export interface StartedApp {
  mode: { packaged: boolean; appUrl: string; devServer: string | null; keychainService: string };
  windows: ReadonlySet<number>;
  showWindow(): void;
  notifier: { notify(title: string, body: string): void; readonly live: number };
}

/**
 * Loads the built out/main/index.js with `electron` mapped to a recording fake: an ESM resolve hook for
 * `import` and a Module._resolveFilename patch for `require` (CommonJS dependencies). One load per process.
 */
export async function loadBuiltMain(config: Partial<StandInConfig> = {}) {
  if (!existsSync(builtMain)) throw new Error('Build first: npm run -s build');
  const appData = mkdtempSync(join(tmpdir(), 'hub-standin-'));
  const fake = createFakeElectron({ packaged: true, appData, osDark: true, ...config });
  (globalThis as Record<string, unknown>).__electronStandIn = fake.electron;
  register('./hooks.mjs', import.meta.url, { data: { shimUrl: pathToFileURL(join(import.meta.dirname, 'electron-shim.mjs')).href } });
  const cjsShim = join(import.meta.dirname, 'electron-shim.cjs');
  const mod = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const original = mod._resolveFilename;
  mod._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === 'electron' ? cjsShim : original.call(this, request, ...rest);
  };
  const main = await nativeImport(pathToFileURL(builtMain).href);
  const app = (await main.started) as StartedApp | null;
  if (!app) throw new Error(`main did not start: ${JSON.stringify(fake.recorded.calls)}`);
  return { fake, app, main, appData };
}
