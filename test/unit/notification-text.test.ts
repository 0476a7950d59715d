import { describe, expect, it } from 'vitest';
import { NOTIFICATION_TEXT, type NotificationTextKey } from '../../src/shared/notification-text';

/** Three or more Latin words in a row: an English sentence left in the Chinese text. */
const LATIN_SENTENCE = /[A-Za-z]+(?:[\s,.'’:-]+[A-Za-z]+){2,}/;
const keys = Object.keys(NOTIFICATION_TEXT.en) as NotificationTextKey[];

describe('the OS notification texts', () => {
  it.each(keys)('%s is written in both languages', (key) => {
    const en = NOTIFICATION_TEXT.en[key];
    const zh = NOTIFICATION_TEXT['zh-CN'][key];
    expect(en.trim(), 'English text').not.toBe('');
    expect(zh.trim(), 'Chinese text').not.toBe('');
    // Placeholders (names, numbers, dates) may stay Latin; the words around them may not.
    const words = zh.replace(/\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}/g, ' ');
    expect(words.match(LATIN_SENTENCE)?.[0] ?? null, `English left in: ${zh}`).toBeNull();
    if (key !== 'names.separator') {
      expect(words, 'has Chinese words').toMatch(/[\u4e00-\u9fff]/);
      expect(zh).not.toBe(en);
    }
  });
});
