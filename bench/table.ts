// `npx tsx bench/table.ts`: bench/results.json as the Markdown table the README shows.
import { readFileSync } from 'node:fs';
import type { Row } from './stats';

const { date, rows } = JSON.parse(readFileSync('bench/results.json', 'utf8')) as { date: string; rows: Row[] };
const fmt = (row: Row, v: number) => (row.unit === 'ratio' ? `×${v.toFixed(2)}` : `${v.toFixed(1)} ${row.unit}`);
const goal = (row: Row) =>
  row.goal
    ? [
        row.goal.median !== undefined ? `p50 ≤ ${fmt(row, row.goal.median)}` : '',
        row.goal.p95 !== undefined ? `p95 ≤ ${fmt(row, row.goal.p95)}` : '',
      ]
        .filter(Boolean)
        .join(', ')
    : 'reported';
console.log(`Measured ${date.slice(0, 10)}:\n`);
console.log('| case | anchor | p50 | p95 | goal | met |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) {
  const met = r.ok === undefined || !r.goal ? '—' : r.ok ? 'yes' : '**no**';
  console.log(
    `| ${r.name.replace(/\|/g, '\\|')} | ${r.anchor.replace(/</g, '&lt;')} | ${fmt(r, r.median)} | ${fmt(r, r.p95)} | ${goal(r)} | ${met} |`,
  );
}
