import type { Locale } from './locale';

export type MessageParams = Record<string, string | number>;

/**
 * Fills a message template: `{name}` takes a parameter, and
 * `{count, plural, one {# key} other {# keys}}` picks a form with Intl.PluralRules
 * (`=0` and the other exact forms win over the category; `#` is the number).
 * An unknown parameter is left as written, so a gap shows instead of vanishing.
 */
export function formatMessage(template: string, params: MessageParams | undefined, locale: Locale): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) break;
    const close = matchingBrace(template, open);
    if (close < 0) break;
    out += template.slice(i, open);
    out += placeholder(template.slice(open + 1, close), template.slice(open, close + 1), params, locale);
    i = close + 1;
  }
  return out + template.slice(i);
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function placeholder(inner: string, raw: string, params: MessageParams | undefined, locale: Locale): string {
  const plural = /^\s*(\w+)\s*,\s*plural\s*,(.*)$/s.exec(inner);
  if (!plural) {
    const name = inner.trim();
    return params && name in params ? String(params[name]) : raw;
  }
  const [, name, body] = plural as unknown as [string, string, string];
  const value = params?.[name];
  if (typeof value !== 'number') return raw;
  const forms = pluralForms(body);
  const form = forms.get(`=${value}`) ?? forms.get(new Intl.PluralRules(locale).select(value)) ?? forms.get('other');
  if (form === undefined) return raw;
  const number = new Intl.NumberFormat(locale).format(value);
  return formatMessage(form, params, locale).replace(/#/g, number);
}

/** `one {…} other {…}` as a map from selector to its text. */
function pluralForms(body: string): Map<string, string> {
  const forms = new Map<string, string>();
  const selector = /\s*(=\d+|zero|one|two|few|many|other)\s*\{/y;
  let i = 0;
  while (i < body.length) {
    selector.lastIndex = i;
    const m = selector.exec(body);
    if (!m) break;
    const open = selector.lastIndex - 1;
    const close = matchingBrace(body, open);
    if (close < 0) break;
    forms.set(m[1]!, body.slice(open + 1, close));
    i = close + 1;
  }
  return forms;
}

/** The parameter names a template uses (plural forms included), for parity tests. */
export function messageParams(template: string): string[] {
  const names = new Set<string>();
  const scan = (text: string) => {
    for (let i = text.indexOf('{'); i >= 0; i = text.indexOf('{', i + 1)) {
      const close = matchingBrace(text, i);
      if (close < 0) return;
      const inner = text.slice(i + 1, close);
      const plural = /^\s*(\w+)\s*,\s*plural\s*,(.*)$/s.exec(inner);
      if (plural) {
        names.add(plural[1]!);
        for (const form of pluralForms(plural[2]!).values()) scan(form);
      } else names.add(inner.trim());
      i = close;
    }
  };
  scan(template);
  return [...names].sort();
}
