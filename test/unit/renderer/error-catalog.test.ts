import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { KEYCHAIN_MESSAGES } from '../../../src/main/services/keychain/keychain-errors';
import { messageParams, formatMessage } from '../../../src/shared/message-format';
import { errorsEn } from '../../../src/renderer/i18n/errors.en';
import { errorsZhCN } from '../../../src/renderer/i18n/errors.zh-CN';
import { hasErrorText, localizeError } from '../../../src/renderer/errors/localize';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function literals(node: ts.Expression): string[] | null {
  if (ts.isStringLiteralLike(node)) return [node.text];
  if (ts.isConditionalExpression(node)) {
    const a = literals(node.whenTrue);
    const b = literals(node.whenFalse);
    return a && b ? [...a, ...b] : null;
  }
  return null;
}

/** Every `new AppError(code, message, detail)` in main: its code and the reasons its detail can carry. */
function reasonsUsedInMain() {
  const used: { where: string; code: string; reasons: string[] | null; passThrough: boolean }[] = [];
  for (const file of sources('src/main')) {
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isNewExpression(node) && node.expression.getText(sf) === 'AppError') {
        const [code, , detail] = node.arguments ?? [];
        const where = `${file}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;
        const reasonProp =
          detail && ts.isObjectLiteralExpression(detail) ? detail.properties.find((p) => p.name?.getText(sf) === 'reason') : undefined;
        const reasons =
          reasonProp && ts.isPropertyAssignment(reasonProp)
            ? reasonProp.initializer.getText(sf) === 'tooBig.reason'
              ? SHAPE_REASONS
              : literals(reasonProp.initializer)
            : null;
        // A site that re-throws another AppError keeps that error's code and reason.
        const passThrough =
          !!code &&
          !ts.isStringLiteralLike(code) &&
          !!detail &&
          ts.isObjectLiteralExpression(detail) &&
          detail.properties.some(ts.isSpreadAssignment);
        used.push({ where, code: code && ts.isStringLiteralLike(code) ? code.text : '?', reasons, passThrough });
      }
      // The network helper names its reason as the first argument.
      if (
        ts.isCallExpression(node) &&
        node.expression.getText(sf) === 'unreachable' &&
        node.arguments[0] &&
        ts.isStringLiteralLike(node.arguments[0])
      ) {
        used.push({ where: file, code: 'HUB_UNREACHABLE', reasons: [node.arguments[0].text], passThrough: false });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  for (const reason of Object.keys(KEYCHAIN_MESSAGES))
    used.push({ where: 'keychain-errors', code: 'KEYCHAIN_UNAVAILABLE', reasons: [reason], passThrough: false });
  return used;
}

// The dispatcher's payload shape check names its reason from this fixed union (ShapeProblem in dispatcher.ts).
const SHAPE_REASONS = ['tooDeep', 'tooLong', 'tooManyKeys', 'tooLarge', 'sparseArray'];

describe('errors in the user’s language', () => {
  it('every error main throws names its reason, and both catalogs word it', () => {
    const used = reasonsUsedInMain();
    expect(used.length).toBeGreaterThan(80);
    const helpers = new Set(['src/main/services/hub/http.ts', 'src/main/services/keychain/keychain-errors.ts']);
    const unnamed = used.filter((u) => !u.passThrough && u.reasons === null && !helpers.has(u.where.split(':')[0]!)).map((u) => u.where);
    expect(unnamed).toEqual([]);
    const missing: string[] = [];
    for (const u of used) {
      for (const reason of u.reasons ?? []) {
        for (const locale of ['en', 'zh-CN'] as const) {
          if (!hasErrorText(locale, u.code as never, reason)) missing.push(`${locale} ${u.code}.${reason} (${u.where})`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('have the same keys and placeholders in English and Chinese, and the Chinese is translated', () => {
    expect(Object.keys(errorsZhCN).sort()).toEqual(Object.keys(errorsEn).sort());
    for (const key of Object.keys(errorsEn) as (keyof typeof errorsEn)[]) {
      expect(messageParams(errorsZhCN[key]), key).toEqual(messageParams(errorsEn[key]));
      expect(errorsZhCN[key], key).not.toBe(errorsEn[key]);
    }
  });

  it('show a failed key generation in Chinese, with the English kept for details', () => {
    const rejected = {
      code: 'UNAUTHORIZED',
      message: 'The hub did not accept this key. It may have been revoked.',
      detail: { status: 401, reason: 'keyRejected', hubMessage: 'Unauthorized' },
    };
    const zh = localizeError(rejected, 'zh-CN');
    expect(zh.title).toBe('密钥未被接受');
    expect(zh.text).toContain('吊销');
    expect(zh.next).toBe('keys');
    expect(zh.message).toBe(rejected.message);
    expect(zh.hubSaid).toBe('Unauthorized');
  });

  it('fill parameters, and fall back to main’s English only in English', () => {
    const refused = { code: 'HUB_UNREACHABLE', message: 'x', detail: { reason: 'refused', host: 'hub.example:8080' } };
    expect(localizeError(refused, 'zh-CN').text).toBe('hub.example:8080 拒绝了连接。请检查地址和端口，并确认 Hub 正在运行。');
    const unknown = { code: 'HUB_ERROR', message: 'A brand new failure.', detail: { reason: 'notInCatalog' } };
    expect(localizeError(unknown, 'en').text).toBe('A brand new failure.');
    expect(localizeError(unknown, 'zh-CN').text).toBe('Hub 返回了错误。请稍后重试。');
    expect(localizeError(new Error('boom'), 'zh-CN')).toMatchObject({ code: 'INTERNAL', title: '出了点问题' });
  });
});

describe('message format', () => {
  it('picks plural forms with Intl.PluralRules', () => {
    const t = '{count, plural, one {# key is} other {# keys are}} due';
    expect(formatMessage(t, { count: 1 }, 'en')).toBe('1 key is due');
    expect(formatMessage(t, { count: 3 }, 'en')).toBe('3 keys are due');
    expect(formatMessage(t, { count: 1200 }, 'en')).toBe('1,200 keys are due');
    expect(formatMessage('{n, plural, =0 {none} other {# left}}', { n: 0 }, 'en')).toBe('none');
    expect(formatMessage('“{name}” 有 {count} 个', { name: 'A', count: 2 }, 'zh-CN')).toBe('“A” 有 2 个');
    expect(formatMessage('{missing} stays', {}, 'en')).toBe('{missing} stays');
  });
});

describe('notification text', () => {
  it('has the same keys and placeholders in both languages', async () => {
    const { NOTIFICATION_TEXT } = await import('../../../src/shared/notification-text');
    const en = NOTIFICATION_TEXT.en;
    const zh = NOTIFICATION_TEXT['zh-CN'];
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(messageParams(zh[key]), key).toEqual(messageParams(en[key]));
  });
});
