import { describe, expect, it } from 'vitest';
import { HubCallError } from '../../src/shared/client';
import { errorText } from '../../src/renderer/errorText';
import { translator } from '../../src/renderer/i18n';
import { en } from '../../src/renderer/i18n/en';
import { zhCN } from '../../src/renderer/i18n/zh-CN';

/** Every reason the safety checks add is worded in English and Simplified Chinese. */
const REASONS = [
  'insecureHttp',
  'redirectDowngrade',
  'redirectCrossOrigin',
  'redirectInvalid',
  'tooManyRedirects',
  'sessionEnded',
  'approvalTimedOut',
  'answerTooLong',
  'sseLineTooLong',
  'streamTooLarge',
  'deadline',
  'imageTooLarge',
  'usageTooManyRecords',
  'tooLarge',
  'tooLong',
  'tooDeep',
  'tooManyKeys',
  'sparseArray',
  'unknownChannel',
];

describe('wording of the safety errors', () => {
  it.each(REASONS)('%s has English and Chinese text', (reason) => {
    const key = `error.${reason}` as keyof typeof en;
    expect(en[key]).toBeTruthy();
    expect(zhCN[key]).toBeTruthy();
    expect(zhCN[key]).not.toBe(en[key]);
  });

  it('words an error by its reason and parameters in the user’s language, falling back to the message', () => {
    const error = new HubCallError({
      code: 'HUB_ERROR',
      message: 'English log text',
      detail: { reason: 'redirectDowngrade', host: 'hub.example', target: 'http://hub.example' },
    });
    expect(errorText(error, translator('zh-CN'))).toContain('hub.example 从 https 重定向');
    expect(errorText(error, translator('en'))).toContain('redirected from https');
    const unknown = new HubCallError({ code: 'HUB_ERROR', message: 'Plain message', detail: { reason: 'somethingElse' } });
    expect(errorText(unknown, translator('zh-CN'))).toBe('Plain message');
    expect(errorText({ code: 'TIMEOUT', message: 'x', detail: { reason: 'deadline', timeoutMs: 1_800_000 } }, translator('en'))).toContain(
      '30 minutes',
    );
  });
});
