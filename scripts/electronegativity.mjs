#!/usr/bin/env node
// Electronegativity over src/. Every finding must be fixed or listed, with a
// reason, in scripts/electronegativity-allow.json ({check, file, reason});
// any other finding fails. Entries match on check + file (line numbers move).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const allowFile = join(root, 'scripts/electronegativity-allow.json');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const electron = String(pkg.devDependencies?.electron ?? '').replace(/^[^\d]*/, '');

/** RFC 4180-ish: quoted fields with doubled quotes. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field.trim());
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n') {
      endField();
      rows.push(row);
      row = [];
    } else if (c !== '\r') field += c;
  }
  if (field || row.length) {
    endField();
    rows.push(row);
  }
  return rows;
}

const allow = JSON.parse(readFileSync(allowFile, 'utf8'));
const badEntries = allow.filter((e) => !e.check || !e.file || typeof e.reason !== 'string' || e.reason.trim().length < 20);
if (badEntries.length > 0) {
  console.error('Every allow-list entry needs check, file and a reason (a sentence):', badEntries);
  process.exit(1);
}

const out = mkdtempSync(join(tmpdir(), 'electronegativity-'));
const csv = join(out, 'findings.csv');
const bin = join(root, 'node_modules/.bin/electronegativity');
const args = ['-i', join(root, 'src'), '-r', '-o', csv, '--verbose', 'false', ...(electron ? ['-e', electron] : [])];
const run = spawnSync(bin, args, { cwd: root, encoding: 'utf8' });
if (!existsSync(csv)) {
  console.error(`Electronegativity did not produce a report (exit ${run.status}).\n${run.stderr ?? ''}${run.stdout ?? ''}`);
  rmSync(out, { recursive: true, force: true });
  process.exit(1);
}
const [header, ...rows] = parseCsv(readFileSync(csv, 'utf8')).filter((r) => r.length > 1);
rmSync(out, { recursive: true, force: true });
const col = (name) => header.indexOf(name);
const findings = rows.map((r) => ({
  check: r[col('issue')],
  severity: r[col('severity')],
  file: r[col('filename')].replace(/^src\//, ''),
  location: r[col('location')],
  description: r[col('description')],
}));

const used = new Set();
const unlisted = findings.filter((f) => {
  const i = allow.findIndex((e) => e.check === f.check && e.file === f.file);
  if (i >= 0) used.add(i);
  return i < 0;
});
for (const [i, e] of allow.entries()) {
  if (!used.has(i)) console.warn(`note: allow-list entry no longer needed: ${e.check} in ${e.file}`);
}
console.log(`Electronegativity: ${findings.length} finding(s) in src/, ${findings.length - unlisted.length} explained in the allow-list.`);
if (unlisted.length > 0) {
  console.error('Findings that are neither fixed nor explained in scripts/electronegativity-allow.json:');
  for (const f of unlisted) console.error(`  ${f.check} [${f.severity}] src/${f.file}:${f.location} — ${f.description}`);
  process.exit(1);
}
