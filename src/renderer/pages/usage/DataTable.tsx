import { useMemo, useState, type ReactNode } from 'react';
import type { CsvColumn } from '../../../shared/usage';
import type { CsvTable } from '../../actions/usage';

/**
 * One column of a usage table, declared as data: what the header says, how a cell looks, which
 * side it sits on, when it gives way at narrow widths, how it sorts and what the CSV holds.
 * A column without `cell` is in the CSV only; one without `csv` is on screen only.
 */
export interface Column<T> {
  id: string;
  header?: ReactNode;
  /** Header kept for screen readers only (the actions column). */
  hiddenHeader?: boolean;
  /** Header as plain words, for a hidden column's value in the row's title. */
  label?: string;
  cell?: (row: T) => ReactNode;
  /** The cell as plain words: shown in the row's title when the column is hidden at this width. */
  text?: (row: T) => string;
  align?: 'start' | 'end';
  /** 1 is always shown; 2 gives way below a medium width, 3 below a wide one. */
  priority?: 1 | 2 | 3;
  /** The row's header cell (the name). */
  rowHeader?: boolean;
  sort?: (row: T) => number | string;
  csv?: { key?: string; header: string; value: (row: T) => unknown; format?: 'time' };
}

/** The CSV of the rows, with exactly the columns the list declares for it, in their order. */
export function csvTable<T>(columns: readonly Column<T>[], rows: readonly T[]): CsvTable {
  const withCsv = columns.filter((c) => c.csv);
  const csvColumns: CsvColumn[] = withCsv.map((c) => {
    const key = c.csv!.key ?? c.id;
    return c.csv!.format ? { key, header: c.csv!.header, format: c.csv!.format } : { key, header: c.csv!.header };
  });
  const csvRows = rows.map((row) => Object.fromEntries(withCsv.map((c) => [c.csv!.key ?? c.id, c.csv!.value(row)])));
  return { columns: csvColumns, rows: csvRows };
}

/** What a row says in its columns that may be hidden at this width, so hovering the row still tells it. */
export function hiddenSummary<T>(columns: readonly Column<T>[], row: T): string | undefined {
  const parts = columns.filter((c) => c.cell && (c.priority ?? 1) > 1 && c.text).map((c) => `${c.label ?? ''}: ${c.text!(row)}`);
  return parts.length ? parts.join('\n') : undefined;
}

export function DataTable<T>(props: {
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  testId: string;
  rowTestId: string;
  className?: string;
  selected?: (row: T) => boolean;
  rowData?: (row: T) => Record<string, string>;
  busy?: boolean;
  sortLabel: (label: string) => string;
}) {
  const shown = props.columns.filter((c) => c.cell);
  const [sort, setSort] = useState<{ id: string; desc: boolean } | null>(null);
  const rows = useMemo(() => {
    const by = sort && shown.find((c) => c.id === sort.id)?.sort;
    if (!by || !sort) return props.rows;
    const factor = sort.desc ? -1 : 1;
    return [...props.rows].sort((a, b) => {
      const x = by(a);
      const y = by(b);
      return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))) * factor;
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.rows, sort, props.columns]);

  const cls = (c: Column<T>) =>
    [c.align === 'end' ? 'num' : '', (c.priority ?? 1) > 1 ? `col--p${c.priority}` : ''].filter(Boolean).join(' ') || undefined;

  return (
    <div className={`usage-table-wrap${props.busy ? ' is-loading' : ''}`} aria-busy={props.busy}>
      <table className={`table usage-table ${props.className ?? ''}`} data-testid={props.testId}>
        <thead>
          <tr>
            {shown.map((c) => {
              const sorted = sort?.id === c.id ? (sort.desc ? 'descending' : 'ascending') : undefined;
              return (
                <th key={c.id} scope="col" className={cls(c)} aria-sort={sorted}>
                  {c.hiddenHeader ? (
                    <span className="visually-hidden">{c.header}</span>
                  ) : c.sort ? (
                    <button
                      type="button"
                      className="usage-sort"
                      title={props.sortLabel(c.label ?? '')}
                      onClick={() => setSort((s) => (s?.id === c.id ? { id: c.id, desc: !s.desc } : { id: c.id, desc: true }))}
                    >
                      {c.header}
                      <span aria-hidden="true" className="usage-sort__mark">
                        {sorted === 'ascending' ? '▲' : sorted === 'descending' ? '▼' : ''}
                      </span>
                    </button>
                  ) : (
                    c.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const selected = props.selected?.(row) ?? false;
            return (
              <tr
                key={props.rowKey(row)}
                className={selected ? 'is-selected' : undefined}
                data-testid={props.rowTestId}
                title={hiddenSummary(props.columns, row)}
                {...props.rowData?.(row)}
              >
                {shown.map((c) =>
                  c.rowHeader ? (
                    <th key={c.id} scope="row" className={cls(c)}>
                      {c.cell!(row)}
                    </th>
                  ) : (
                    <td key={c.id} className={cls(c)}>
                      {c.cell!(row)}
                    </td>
                  ),
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
