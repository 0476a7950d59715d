import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The browser host's page bridge: one classic script, loaded before the renderer.
export default defineConfig({
  build: {
    outDir: 'out/web',
    emptyOutDir: true,
    minify: true,
    lib: { entry: resolve('src/host/bridge.ts'), formats: ['iife'], name: 'hubBridge', fileName: () => 'bridge.js' },
  },
});
