import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The browser host as one Node module (dependencies stay external), so `npm run web`
// and the tests start it without compiling TypeScript on every launch.
export default defineConfig({
  build: {
    outDir: 'out/host',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    ssr: resolve('src/host/cli.ts'),
    rollupOptions: { output: { format: 'es', entryFileNames: 'cli.mjs' } },
  },
});
