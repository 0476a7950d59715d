import type { HubApi } from '../../shared/client';
import type { CallPage, CsvColumn } from '../../shared/usage';
import type { ToastInput } from '../components/Toasts';
import type { Translate } from '../i18n';
import { callsQuery, type CallFilters, type Scope } from '../store/usage-view';
import type { ActionErrorStore } from './keys';

export type UsageActionsApi = Pick<HubApi, 'usage'>;

/** Rows and columns for a CSV, as the table's column list declares them. */
export interface CsvTable {
  columns: CsvColumn[];
  rows: Record<string, unknown>[];
}

/** Every record matching the filters (for the CSV), a page of 100 at a time; `onPage` reports progress. */
export async function allCalls(
  api: UsageActionsApi,
  scope: Scope,
  filters: CallFilters,
  onPage: (fetched: number, total: number) => void,
): Promise<CallPage['records']> {
  const input = { hubId: scope.hubId, ...(scope.keyId ? { keyId: scope.keyId } : {}) };
  const records: CallPage['records'] = [];
  for (let page = 1; ; page++) {
    const answer = await api.usage.calls({ ...input, query: callsQuery(scope.range, filters, page, 100) });
    records.push(...answer.data.records);
    onPage(records.length, answer.data.total);
    if (answer.data.records.length === 0 || records.length >= answer.data.total) return records;
  }
}

/**
 * What the Usage page's export buttons do: main writes the CSV (RFC 4180, formula-safe), the
 * browser saves it, a toast confirms with the file name; a failure goes to the error store.
 */
export function createUsageActions(deps: {
  api: UsageActionsApi;
  t: Translate;
  toast: (input: ToastInput) => void;
  errors: ActionErrorStore;
  save?: (blob: Blob, name: string) => void;
}) {
  const { api, t, toast, errors } = deps;
  const save = deps.save ?? saveBlob;
  return {
    /** `table` is built lazily (the call log pages everything in first). */
    async exportCsv(build: (api: UsageActionsApi) => Promise<CsvTable> | CsvTable, fileName: string): Promise<boolean> {
      errors.clear();
      try {
        const table = await build(api);
        const { csv } = await api.usage.exportCsv({ rows: table.rows, columns: table.columns });
        // A byte-order mark, so spreadsheet apps read the UTF-8 (Chinese headers, key names) correctly.
        save(new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' }), `${fileName}.csv`);
        toast({ kind: 'success', text: t('usage.export.done', { n: table.rows.length, file: `${fileName}.csv` }) });
        return true;
      } catch (error) {
        errors.fail(error);
        return false;
      }
    },
    /** A chart's PNG was handed to the browser: say where it went. */
    pngSaved(fileName: string): void {
      toast({ kind: 'success', text: t('usage.export.pngDone', { file: fileName }) });
    },
  };
}

export type UsageActions = ReturnType<typeof createUsageActions>;

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
