import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/sandbox/**/*.test.ts', 'test/security/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Keychain tests share one D-Bus session and one keyring: keep files from racing.
    fileParallelism: false,
    server: { deps: { inline: ['electron-store'] } },
  },
});
