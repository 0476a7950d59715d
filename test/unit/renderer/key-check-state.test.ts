import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { KeyDTO } from '../../../src/shared/keys';
import type { CheckStatus as CheckStatusType } from '../../../src/renderer/pages/keys/KeyList';
import type { brokenDefault as brokenDefaultType } from '../../../src/renderer/pages/keys/ShowOnceDialog';
import type { I18nProvider as I18nProviderType } from '../../../src/renderer/i18n';

// The page modules read `window.hub` at load: no bridge here.
vi.stubGlobal('window', {});
let CheckStatus: typeof CheckStatusType;
let brokenDefault: typeof brokenDefaultType;
let I18nProvider: typeof I18nProviderType;
beforeAll(async () => {
  ({ CheckStatus } = await import('../../../src/renderer/pages/keys/KeyList'));
  ({ brokenDefault } = await import('../../../src/renderer/pages/keys/ShowOnceDialog'));
  ({ I18nProvider } = await import('../../../src/renderer/i18n'));
});

const at = new Date(Date.now() - 60_000).toISOString();
function key(patch: Partial<KeyDTO> = {}): KeyDTO {
  return {
    id: 'k1',
    hubId: 'h1',
    name: 'CI runner',
    masked: 'blocklet-…abcd',
    createdAt: at,
    source: 'generated',
    isDefault: true,
    ...patch,
  } as KeyDTO;
}

function render(k: KeyDTO, locale: 'en' | 'zh-CN' = 'en'): string {
  return renderToString(createElement(I18nProvider, { locale, children: createElement(CheckStatus, { k }) }));
}

describe('a key check as the Keys table shows it', () => {
  it('says Unreachable, not Failed, when the hub did not answer', () => {
    for (const code of ['HUB_UNREACHABLE', 'TIMEOUT'] as const) {
      const html = render(key({ lastCheck: { at, ok: false, code, message: 'The hub did not answer.' } }));
      expect(html).toContain('Unreachable');
      expect(html).not.toContain('Failed');
      expect(html).toContain('dot--warn');
    }
    expect(render(key({ lastCheck: { at, ok: false, code: 'HUB_UNREACHABLE' } }), 'zh-CN')).toContain('无法连接');
  });

  it('says Failed for a key the hub refused', () => {
    const html = render(key({ lastCheck: { at, ok: false, code: 'UNAUTHORIZED', message: 'The hub refused this key.' } }));
    expect(html).toContain('Failed');
    expect(html).toContain('dot--bad');
  });
});

describe('offering a new key as the default', () => {
  it('happens when the default is retired or was refused, not when its hub was only unreachable', () => {
    expect(brokenDefault(key({ retiredAt: at }))?.why).toBe('retired');
    expect(brokenDefault(key({ lastCheck: { at, ok: false, code: 'UNAUTHORIZED' } }))?.why).toBe('failed');
    expect(brokenDefault(key({ lastCheck: { at, ok: false, code: 'HUB_UNREACHABLE' } }))).toBeNull();
    expect(brokenDefault(key({ lastCheck: { at, ok: true } }))).toBeNull();
    expect(brokenDefault(null)).toBeNull();
  });
});
