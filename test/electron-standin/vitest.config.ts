import { defineConfig } from 'vitest/config';

// The built main process under a recording Electron stand-in (needs `npm run build` first), and the start
// script on a fresh install. One process per file: each file loads main once, with its own fake Electron.
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/electron-standin/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    isolate: true,
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
    server: { deps: { external: [/electron-standin\/native-import\.mjs$/] } },
  },
});
