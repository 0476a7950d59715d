import type { RangePreset, UsageRange } from '../../../shared/usage';

/** What the user picked: a preset ending now, or whole local days (inclusive) from the two date inputs. */
export type RangeChoice = { kind: 'preset'; preset: RangePreset } | { kind: 'custom'; from: string; to: string };

/** Mirrors RANGE_PRESETS in shared/usage.ts (a zod module: the renderer takes types only from it). */
export const PRESETS: readonly RangePreset[] = ['24h', '7d', '30d', '90d'];

export const DEFAULT_CHOICE: RangeChoice = { kind: 'preset', preset: '30d' };

const MAX_DAYS = 400;

/** The browser's zone, sent with every range so buckets start at the user's local midnight or hour. */
function zone(): { timezoneOffset: number; timeZone?: string } {
  const timezoneOffset = new Date().getTimezoneOffset();
  let timeZone: string | undefined;
  try {
    timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    timeZone = undefined;
  }
  return timeZone ? { timezoneOffset, timeZone } : { timezoneOffset };
}

/** `2025-01-15` (from `<input type="date">`) → local midnight of that day, or null. */
export function localDay(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(d.getTime()) ? null : d;
}

/** `YYYY-MM-DD` of a local date, for date inputs. */
export function dayValue(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export type RangeProblem = 'missing' | 'order' | 'tooLong' | 'future';

/** The range to ask main for, or why the custom dates cannot be used. */
export function toUsageRange(choice: RangeChoice, now = new Date()): { range: UsageRange } | { problem: RangeProblem } {
  const z = zone();
  if (choice.kind === 'preset') return { range: { preset: choice.preset, ...z } };
  const from = localDay(choice.from);
  const to = localDay(choice.to);
  if (!from || !to) return { problem: 'missing' };
  // The end date is included: the range runs to the next local midnight (exclusive).
  const end = new Date(to.getFullYear(), to.getMonth(), to.getDate() + 1);
  // Nothing has been recorded after today: a later date is a typo, not a wish.
  const today = dayValue(now);
  if (choice.from > today || choice.to > today) return { problem: 'future' };
  if (end.getTime() <= from.getTime()) return { problem: 'order' };
  if (end.getTime() - from.getTime() > MAX_DAYS * 86_400_000 + 3_600_000) return { problem: 'tooLong' };
  return { range: { start: from.toISOString(), end: end.toISOString(), ...z } };
}

/** A stable string for a choice, for effect dependencies and the saved preference. */
export function choiceKey(choice: RangeChoice): string {
  return choice.kind === 'preset' ? choice.preset : `${choice.from}..${choice.to}`;
}

export function parseChoice(value: unknown): RangeChoice | null {
  if (typeof value !== 'string') return null;
  if ((PRESETS as readonly string[]).includes(value)) return { kind: 'preset', preset: value as RangePreset };
  const m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(value);
  return m && m[1] && m[2] ? { kind: 'custom', from: m[1], to: m[2] } : null;
}
