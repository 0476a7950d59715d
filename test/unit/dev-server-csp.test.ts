import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../../electron.vite.config';
import { APP_CSP_META, devCsp } from '../../src/main/security';

// `npm run dev` showed a blank window: the strict meta CSP blocked Vite's React Refresh preamble, its injected
// styles and the HMR socket. In dev main sends a CSP header instead; the build keeps the meta tag.
const html = readFileSync(resolve(import.meta.dirname, '../../src/renderer/index.html'), 'utf8');

describe('the renderer page’s CSP in development', () => {
  it('the built page keeps the strict meta CSP', () => {
    expect(html).toContain(`content="${APP_CSP_META}"`);
  });

  it('the dev server drops the meta tag (serve only), leaving main’s dev header in charge', () => {
    const renderer = (
      config as { renderer: { plugins: Array<{ name: string; apply?: string; transformIndexHtml?: (h: string) => string }> } }
    ).renderer;
    const plugin = renderer.plugins.find((p) => p?.name === 'dev-server-csp-from-main')!;
    expect(plugin.apply).toBe('serve');
    const served = plugin.transformIndexHtml!(html);
    expect(served).not.toContain('Content-Security-Policy');
    expect(served).toContain('<script type="module" src="./main.tsx">');
  });

  it('the dev header allows exactly what Vite needs, on the loopback server', () => {
    expect(devCsp('http://localhost:5173')).toBe(
      "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self' ws://localhost:5173; base-uri 'none'; form-action 'none'; object-src 'none'; frame-ancestors 'none'",
    );
  });
});
