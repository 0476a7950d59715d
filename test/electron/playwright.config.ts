import { defineConfig } from '@playwright/test';

// The Electron smoke test only: its own step (scripts/electron-smoke.sh), with a display.
export default defineConfig({
  testDir: '.',
  testMatch: ['**/*.spec.ts'],
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
});
