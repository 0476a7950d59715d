import { describe, expect, it } from 'vitest';
import { KEY_SECRET_PATTERN, maskKeySecret } from '../../../src/shared/keys';
import {
  accessKeyAdminUrl,
  accessKeyDashboardUrl,
  envFormat,
  replacedName,
  baseKeyName,
  secretAccount,
} from '../../../src/main/services/keys/format';

describe('how keys are shown and copied', () => {
  it('masks a key as its prefix and last four characters', () => {
    expect(maskKeySecret('blocklet-4mVbq8TzXw9kLpRa2NcYh7Qx2')).toBe('blocklet-…7Qx2');
  });

  it('shows no characters of a suspiciously short key', () => {
    expect(maskKeySecret('blocklet-abc')).toBe('blocklet-…');
    expect(maskKeySecret('short')).toBe('blocklet-…');
  });

  it('formats the environment block the aigne CLI and SDK read', () => {
    expect(envFormat('https://hub.aigne.io/ai-kit', 'blocklet-Abc')).toBe(
      'AIGNE_HUB_API_URL=https://hub.aigne.io/ai-kit\nAIGNE_HUB_API_KEY=blocklet-Abc',
    );
  });

  it('recognises hub keys by prefix and base58 body', () => {
    expect(KEY_SECRET_PATTERN.test('blocklet-4mVbq8TzXw9kLpRa2NcYh7Qx2')).toBe(true);
    for (const bad of ['sk-abc', 'blocklet-', 'blocklet-has space', 'blocklet-0OIl', ' blocklet-abc', 'BLOCKLET-abc']) {
      expect(KEY_SECRET_PATTERN.test(bad), bad).toBe(false);
    }
  });

  it('stores secrets under <hubId>:<keyId>', () => {
    expect(secretAccount('hub-1', 'key-2')).toBe('hub-1:key-2');
  });

  it('names a rotated key with the date, replacing an earlier rotation suffix', () => {
    const date = new Date('2026-05-01T10:00:00Z');
    expect(replacedName('Work laptop', date)).toBe('Work laptop (replaced 2026-05-01)');
    expect(replacedName('Work laptop (replaced 2025-01-02)', date)).toBe('Work laptop (replaced 2026-05-01)');
    expect(replacedName('Work laptop (rotated 2025-01-02)', date)).toBe('Work laptop (replaced 2026-05-01)');
    expect(replacedName('x'.repeat(80), date).length).toBeLessThanOrEqual(80);
    expect(baseKeyName('Work laptop (replaced 2025-01-02)')).toBe('Work laptop');
  });

  it("points at the origin's access-key admin page", () => {
    // The user's own key page (every user can open it); the old admin/access-keys path does not exist.
    expect(accessKeyDashboardUrl('https://hub.aigne.io')).toBe(
      'https://hub.aigne.io/.well-known/service/user/settings#user-center-access-key-setting',
    );
    expect(accessKeyAdminUrl('https://hub.aigne.io')).toBe('https://hub.aigne.io/.well-known/service/admin/integrations/access-keys');
  });
});
