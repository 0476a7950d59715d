import { describe, expect, it } from 'vitest';
import { messageParams } from '../../src/shared/message-format';
import { en } from '../../src/renderer/i18n/en';
import { zhCN } from '../../src/renderer/i18n/zh-CN';
import { resolveLocale, translator } from '../../src/renderer/i18n';

describe('translations', () => {
  it('cover the same keys in English and Simplified Chinese, none left empty or untranslated', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
    const same = Object.keys(en).filter((k) => {
      const key = k as keyof typeof en;
      return zhCN[key] === en[key] && !/^(app\.name|about\.(electron|chrome|node)|settings\.language\.(en|zh-CN))$/.test(k);
    });
    expect(same).toEqual([]);
    for (const v of Object.values(zhCN)) expect(v.trim()).not.toBe('');
  });

  it('keep the same placeholders in both languages', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(messageParams(zhCN[key]), key).toEqual(messageParams(en[key]));
    }
  });

  it('call the Playground by one Chinese name everywhere', () => {
    const named = Object.entries(zhCN).filter(([, text]) => /试验场|演练场|游乐场/.test(text));
    expect(named.length).toBeGreaterThan(3);
    expect(named.filter(([, text]) => /演练场|游乐场/.test(text)).map(([key]) => key)).toEqual([]);
  });

  it('follow the system language unless the user chose one', () => {
    expect(resolveLocale('system', ['zh-TW', 'en-US'])).toBe('zh-CN');
    expect(resolveLocale('system', ['en-GB'])).toBe('en');
    expect(resolveLocale('system', ['fr-FR'])).toBe('en');
    expect(resolveLocale('en', ['zh-CN'])).toBe('en');
  });

  it('pick plural forms by number', () => {
    expect(translator('en')('keys.cliImported', { count: 1 })).toBe('Imported 1 key from the aigne CLI.');
    expect(translator('en')('keys.cliImported', { count: 2 })).toBe('Imported 2 keys from the aigne CLI.');
  });

  it('fill placeholders', () => {
    expect(translator('zh-CN')('settings.saveFailed', { message: 'x' })).toBe('保存失败：x');
  });
});
