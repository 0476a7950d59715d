// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process', 'url', 'util', 'stream', 'events'];

/** Builds a no-restricted-imports rule from forbidden module patterns, each with the reason. */
function forbid(groups) {
  return ['error', { patterns: groups.map(([group, message]) => ({ group, message })) }];
}

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', '.tmp/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  // The import boundaries: shared < main/services (node) < main (electron); the renderer sees only shared.
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid([
        [NODE_BUILTINS, 'src/shared runs in every process: no Node modules.'],
        [['electron', 'electron/*', 'electron-store', 'keytar'], 'src/shared runs in every process: no Electron.'],
        [['react', 'react-dom', 'react/*', 'react-dom/*'], 'src/shared runs in every process: no React.'],
        [['**/main/**', '**/renderer/**', '**/preload/**', '**/host/**'], 'src/shared imports nothing from the processes.'],
      ]),
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-imports': forbid([
        [NODE_BUILTINS, 'The renderer is a web page: no Node modules. Ask main through window.hub.'],
        [
          ['electron', 'electron/*', 'electron-store', 'keytar', 'undici', 'conf', 'ws'],
          'The renderer reaches main only through window.hub.',
        ],
        [['**/main/**', '**/preload/**', '**/host/**', '**/sandbox-hub/**'], 'The renderer may import only src/shared.'],
      ]),
    },
  },
  {
    files: ['src/main/services/**/*.ts', 'src/host/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid([
        [
          ['electron', 'electron/*', 'electron-store'],
          'Services run in plain Node too: take an Electron capability through a port in main/platform.',
        ],
        [['**/renderer/**', '**/preload/**', 'react', 'react-dom'], 'Main-process code does not import the renderer.'],
        [['**/main/window', '**/main/ipc', '**/main/index', '**/platform/electron'], 'Services must not depend on the Electron layer.'],
      ]),
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid([
        [['**/main/**', '**/renderer/**', '**/host/**', 'zod'], 'The preload exposes the contract and nothing else.'],
      ]),
    },
  },
  {
    // Playwright fixtures must destructure their (empty) dependencies.
    files: ['test/e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['src/host/bridge.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
