import type { CsvColumn } from '../../../shared/usage';
import type { MessageKey, Translate } from '../../i18n';
import { hub } from '../../hub';

/**
 * The CSV columns of the usage tables, with headers in the user's language.
 * Mirrors USAGE_CSV_COLUMNS in shared/usage.ts, which the renderer cannot
 * import at runtime (that module loads zod). Values are raw (UTC ms as ISO
 * 8601, credits unrounded), so a spreadsheet gets exact figures.
 */
type ColumnSpec = readonly [key: string, header: MessageKey, format?: 'time'];

const TOTALS: readonly ColumnSpec[] = [
  ['calls', 'usage.csv.calls'],
  ['successCalls', 'usage.csv.successCalls'],
  ['failedCalls', 'usage.csv.failedCalls'],
  ['inputTokens', 'usage.csv.inputTokens'],
  ['outputTokens', 'usage.csv.outputTokens'],
  ['cacheReadInputTokens', 'usage.csv.cacheRead'],
  ['cacheCreationInputTokens', 'usage.csv.cacheWrite'],
  ['credits', 'usage.csv.credits'],
  ['successRate', 'usage.csv.successRate'],
  ['avgDurationMs', 'usage.csv.avgDuration'],
  ['avgTtfbMs', 'usage.csv.avgTtfb'],
];

const SPECS = {
  models: [['modelId', 'usage.csv.model'], ['provider', 'usage.csv.provider'], ...TOTALS],
  keys: [['name', 'usage.csv.key'], ['appDid', 'usage.csv.appDid'], ...TOTALS, ['lastUsedAt', 'usage.csv.lastUsed', 'time']],
  calls: [
    ['time', 'usage.csv.time', 'time'],
    ['modelId', 'usage.csv.model'],
    ['type', 'usage.csv.type'],
    ['status', 'usage.csv.status'],
    ['inputTokens', 'usage.csv.inputTokens'],
    ['outputTokens', 'usage.csv.outputTokens'],
    ['credits', 'usage.csv.credits'],
    ['durationMs', 'usage.csv.duration'],
    ['ttfbMs', 'usage.csv.ttfb'],
    ['keyName', 'usage.csv.key'],
    ['appDid', 'usage.csv.appDid'],
    ['errorReason', 'usage.csv.error'],
    ['requestId', 'usage.csv.requestId'],
    ['id', 'usage.csv.id'],
  ],
} satisfies Record<string, readonly ColumnSpec[]>;

export type CsvTable = keyof typeof SPECS;

export function csvColumns(table: CsvTable, t: Translate): CsvColumn[] {
  return SPECS[table].map(([key, header, format]: ColumnSpec) =>
    format ? { key, header: t(header), format } : { key, header: t(header) },
  );
}

/** Asks main to write the CSV (RFC 4180, formula-safe), then saves it through the browser's download. */
export async function downloadCsv(table: CsvTable, rows: Record<string, unknown>[], t: Translate, fileName: string): Promise<number> {
  const { csv } = await hub!.usage.exportCsv({ rows, columns: csvColumns(table, t) });
  // A byte-order mark, so spreadsheet apps read the UTF-8 (Chinese headers, key names) correctly.
  const blob = new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' });
  saveBlob(blob, `${fileName}.csv`);
  return rows.length;
}

export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** `aigne-hub-usage-calls-2025-01-15` style names: safe on every OS. */
export function exportName(...parts: string[]): string {
  return ['aigne-hub-usage', ...parts]
    .join('-')
    .replace(/[^\w.-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/-$/, '')
    .toLowerCase();
}
