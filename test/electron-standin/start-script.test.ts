import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { crc32 } from 'node:zlib';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// A fresh clone on a machine with internet: `npm start` must fetch Electron's binary (the package has no
// postinstall since Electron 42) before electron-vite looks for it. Here the "internet" is a local mirror
// serving a stand-in binary, and Electron's real install-electron bin does the download.
const root = resolve(import.meta.dirname, '../..');
const electronPkg = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string };
const platformPath =
  process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : process.platform === 'win32' ? 'electron.exe' : 'electron';

/** A minimal stored (uncompressed) zip, with unix modes so the binary stays executable. */
function zip(entries: Array<{ name: string; data: Buffer; mode: number }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by unix
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((0o100000 | e.mode) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += local.length + name.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

let project: string;
let mirror: Server;
let mirrorUrl: string;
const requests: string[] = [];

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'hub-start-'));
  // The project as a fresh clone sees it: its own electron package without a binary; everything else shared.
  const modules = join(project, 'node_modules');
  mkdirSync(join(modules, '.bin'), { recursive: true });
  for (const entry of readdirSync(join(root, 'node_modules'))) {
    if (entry === '.bin' || entry === 'electron' || entry === 'electron-vite') continue;
    symlinkSync(join(root, 'node_modules', entry), join(modules, entry));
  }
  // Copies, not links: both resolve `electron` from where they sit.
  mkdirSync(join(modules, 'electron'));
  for (const f of ['package.json', 'install.js', 'index.js', 'cli.js', 'checksums.json']) {
    cpSync(join(root, 'node_modules/electron', f), join(modules, 'electron', f));
  }
  cpSync(join(root, 'node_modules/electron-vite'), join(modules, 'electron-vite'), { recursive: true });
  symlinkSync('../electron-vite/bin/electron-vite.js', join(modules, '.bin/electron-vite'));
  symlinkSync('../electron/install.js', join(modules, '.bin/install-electron'));
  for (const f of readdirSync(root).filter(
    (f) => f === 'package.json' || f === 'electron.vite.config.ts' || /^tsconfig.*\.json$/.test(f),
  )) {
    cpSync(join(root, f), join(project, f));
  }
  symlinkSync(join(root, 'src'), join(project, 'src'));
  symlinkSync(join(root, 'scripts'), join(project, 'scripts'));

  const fakeBinary = Buffer.from('#!/bin/sh\nprintf "%s\\n" "$PWD" "$@" > "$FAKE_ELECTRON_RECORD"\n');
  const archive = zip([
    { name: platformPath, data: fakeBinary, mode: 0o755 },
    { name: 'version', data: Buffer.from(`v${electronPkg.version}`), mode: 0o644 },
  ]);
  const fileName = `electron-v${electronPkg.version}-${process.platform}-${process.arch}.zip`;
  const sums = `${createHash('sha256').update(archive).digest('hex')} *${fileName}\n`;
  mirror = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === `/v${electronPkg.version}/${fileName}`) res.end(archive);
    else if (req.url === `/v${electronPkg.version}/SHASUMS256.txt`) res.end(sums);
    else res.writeHead(404).end();
  });
  await new Promise<void>((done) => mirror.listen(0, '127.0.0.1', done));
  mirrorUrl = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await new Promise((done) => mirror?.close(done));
  if (project) rmSync(project, { recursive: true, force: true });
});

function npmStart(): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ELECTRON_MIRROR: mirrorUrl,
    electron_use_remote_checksums: '1',
    electron_config_cache: join(project, 'download-cache'),
    FAKE_ELECTRON_RECORD: join(project, 'electron-ran.txt'),
  };
  for (const k of ['ELECTRON_SKIP_BINARY_DOWNLOAD', 'ELECTRON_EXEC_PATH', 'ELECTRON_OVERRIDE_DIST_PATH', 'ELECTRON_RENDERER_URL'])
    delete env[k];
  return new Promise((done) => {
    const child = spawn('npm', ['start'], { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => done({ code, output }));
  });
}

describe('npm start on a fresh install', () => {
  it('fetches the Electron binary with install-electron, then electron-vite builds and launches it', async () => {
    expect(existsSync(join(project, 'node_modules/electron/path.txt'))).toBe(false);
    const first = await npmStart();
    expect(first.code, first.output).toBe(0);
    expect(requests.some((r) => r.endsWith('.zip'))).toBe(true);
    expect(readFileSync(join(project, 'node_modules/electron/path.txt'), 'utf8')).toBe(platformPath);
    // electron-vite found the binary through path.txt and ran it on the built app.
    const ran = readFileSync(join(project, 'electron-ran.txt'), 'utf8').split('\n');
    expect(ran[0]).toBe(project);
    expect(ran[1]).toBe('.');
    expect(existsSync(join(project, 'out/main/index.js'))).toBe(true);
  });

  it('does not download again once the binary is there', async () => {
    requests.length = 0;
    rmSync(join(project, 'electron-ran.txt'));
    const second = await npmStart();
    expect(second.code, second.output).toBe(0);
    expect(requests).toEqual([]);
    expect(existsSync(join(project, 'electron-ran.txt'))).toBe(true);
  });
});
