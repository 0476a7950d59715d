import type { CsvColumn } from '../../../shared/usage';

/**
 * CSV for any usage table, per RFC 4180: CRLF line breaks; a field holding a
 * comma, a double quote, CR or LF is quoted, with quotes doubled. Numbers are
 * written plainly (never `1e-7`), nulls and undefined as empty fields, other
 * values as JSON; a `time` column's UTC ms as ISO 8601.
 *
 * Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR
 * at the start) gets a leading `'`: hub fields such as model names and error
 * reasons are not ours, and opening an export must not execute them.
 */
export function toCsv(rows: readonly Record<string, unknown>[], columns: readonly CsvColumn[]): string {
  const lines = [columns.map((c) => csvField(cellText(c.header))).join(',')];
  for (const row of rows)
    lines.push(columns.map((c) => csvField(cellText(c.format === 'time' ? asTime(row[c.key]) : row[c.key]))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function asTime(value: unknown): unknown {
  return typeof value === 'number' && Number.isFinite(value) ? new Date(value).toISOString() : value;
}

/** One field, quoted when it must be. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? plainNumber(value) : '';
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** A number without exponent notation: 0.0000002, not 2e-7 (same digits as JS's shortest form). */
export function plainNumber(n: number): string {
  const s = String(n);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, lead, frac = '', exp] = m;
  const digits = `${lead}${frac}`;
  const point = 1 + Number(exp); // position of the decimal point within `digits`
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
