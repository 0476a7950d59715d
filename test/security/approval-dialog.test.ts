import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApprovalProgress as ApprovalProgressType } from '../../src/renderer/pages/keys/ApprovalProgress';
import type { I18nProvider as I18nProviderType } from '../../src/renderer/i18n';

// The page modules read `window.hub` at load: no bridge here.
vi.stubGlobal('window', {});
let ApprovalProgress: typeof ApprovalProgressType;
let I18nProvider: typeof I18nProviderType;
beforeAll(async () => {
  ({ ApprovalProgress } = await import('../../src/renderer/pages/keys/ApprovalProgress'));
  ({ I18nProvider } = await import('../../src/renderer/i18n'));
});

const progress = {
  operationId: 'op',
  phase: 'waiting-for-approval' as const,
  attempt: 4,
  elapsedMs: 90_000,
  timeoutMs: 15 * 60_000,
  approvalUrl: 'https://hub.example/.well-known/service/gen-simple-access-key',
};

/** While waiting for an approval that may never come (a hub has no decline signal), the dialog says how long is left and that Cancel stops it. */
describe('the approval wait', () => {
  it.each([
    ['en', '13:30 left', 'does not tell the app'],
    ['zh-CN', '剩余 13:30', 'Hub 不会通知本应用'],
  ] as const)('in %s shows the time left and the no-decline note, with Cancel', (locale, left, note) => {
    const html = renderToString(
      createElement(I18nProvider, { locale, children: createElement(ApprovalProgress, { progress, onCancel: () => undefined }) }),
    );
    expect(html).toContain(left);
    expect(html).toContain(note);
    expect(html).toMatch(/<button[^>]*>(Cancel|取消)<\/button>/);
  });
});
