// `npm run bench [-- --quick] [-- --only <case>]`: every goal of the speed issue as a
// ratio against an anchor measured in the same run (order alternated; median and p95),
// never an absolute time in a test. Writes bench/results.json. A missed goal is
// reported (and makes the full run exit 1); `--quick` runs each case once at small
// sizes and only fails when a case cannot run.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { markdownCase } from './markdown-case';
import { bundleCase, clientCases, sseCase, startupCase, usageCase, type Mode } from './node-cases';
import { streamCases, typingCases } from './page-cases';
import { round, type Row } from './stats';

const CASES = ['sse', 'client', 'calllog', 'markdown', 'usage', 'bundle', 'startup', 'stream', 'typing'] as const;

const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, only: { type: 'string', multiple: true } },
});
const only = new Set(values.only ?? []);
for (const name of only) {
  if (!(CASES as readonly string[]).includes(name)) {
    console.error(`Unknown case "${name}". Cases: ${CASES.join(', ')}`);
    process.exit(2);
  }
}
const wanted = (name: string) => only.size === 0 || only.has(name);
const mode: Mode = { quick: values.quick };

// The page, bundle and start-up cases need the built app: build it once on a fresh clone.
if (!existsSync('out/host/cli.mjs') || !existsSync('out/renderer/index.html') || !existsSync('out/web/bridge.js')) {
  console.error('Building the app first (npm run build)…');
  if (spawnSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' }).status !== 0) process.exit(1);
}

const rows: Row[] = [];
const errors: string[] = [];
async function step(names: string[], fn: () => Promise<Row | Row[]> | Row | Row[]) {
  if (!names.some(wanted)) return;
  const t0 = Date.now();
  try {
    const r = await fn();
    const list = Array.isArray(r) ? r : [r];
    rows.push(...list);
    for (const row of list) print(row);
  } catch (error) {
    errors.push(`${names.join('/')}: ${(error as Error).stack ?? String(error)}`);
    console.error(`FAILED ${names.join('/')}: ${(error as Error).message}`);
  }
  console.error(`   (${names.join('/')} took ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

function fmt(row: Row, v: number): string {
  return row.unit === 'ratio' ? `×${v.toFixed(2)}` : `${v.toFixed(1)} ${row.unit}`;
}

function goalText(row: Row): string {
  const g = row.goal;
  if (!g) return 'reported';
  const parts: string[] = [];
  if (g.median !== undefined) parts.push(`p50 ≤ ${fmt(row, g.median)}`);
  if (g.p95 !== undefined) parts.push(`p95 ≤ ${fmt(row, g.p95)}`);
  return parts.join(', ');
}

function print(row: Row) {
  const mark = row.ok === false ? 'MISS' : row.goal ? 'ok  ' : '    ';
  console.log(
    `${mark} ${row.name}\n     vs ${row.anchor}: p50 ${fmt(row, row.median)}, p95 ${fmt(row, row.p95)} (${goalText(row)}; n=${row.samples})`,
  );
}

await step(['sse'], () => sseCase(mode));
await step(['client', 'calllog'], () => clientCases(mode, wanted));
await step(['markdown'], () => markdownCase(mode));
await step(['usage'], () => usageCase(mode));
await step(['bundle'], () => bundleCase());
await step(['startup'], () => startupCase(mode));
await step(['stream'], () => streamCases(mode));
await step(['typing'], () => typingCases(mode));

const missed = rows.filter((r) => r.ok === false);
// Only a whole, full-size run replaces the recorded table.
if (!mode.quick && only.size === 0) {
  writeFileSync(
    'bench/results.json',
    JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        rows: rows.map((r) => ({ ...r, median: round(r.median), p95: round(r.p95) })),
        errors,
      },
      null,
      2,
    ) + '\n',
  );
}
console.log(
  `\n${rows.length} rows: ${rows.length - missed.length} met or reported, ${missed.length} missed, ${errors.length} failed to run`,
);
if (errors.length > 0) {
  for (const e of errors) console.error(e);
  process.exit(1);
}
process.exit(!mode.quick && missed.length > 0 ? 1 : 0);
