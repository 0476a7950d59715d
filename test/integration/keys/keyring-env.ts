import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

/**
 * Helpers for tests against a REAL Secret Service (gnome-keyring over D-Bus).
 *
 * - Tests that use the keychain of this process need a session bus with an
 *   unlocked throwaway keyring: run them under `scripts/with-keyring.sh`. Without
 *   DBUS_SESSION_BUS_ADDRESS they are skipped, loudly.
 * - Failure-mode tests build their own throwaway buses and daemons
 *   (`KeychainLab`) and probe them from CHILD processes, because libsecret
 *   caches its bus connection per process. They need only the binaries.
 */

const here = dirname(fileURLToPath(import.meta.url));
export const PROBE_SCRIPT = join(here, 'keychain-probe.ts');

export const SESSION_BUS = process.env.DBUS_SESSION_BUS_ADDRESS;

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

export const tools = {
  dbusDaemon: has('dbus-daemon'),
  gnomeKeyring: has('gnome-keyring-daemon'),
  gdbus: has('gdbus'),
  xvfb: has('Xvfb'),
};

export function warnLoudly(title: string, lines: string[]): void {
  const bar = '!'.repeat(78);
  console.warn(`\n${bar}\n!!! SKIPPED: ${title}\n${lines.map((l) => `!!! ${l}`).join('\n')}\n${bar}\n`);
}

/** `describe` when this process has a session bus with a keyring; a loud `describe.skip` otherwise. */
export function describeWithKeyring(name: string, fn: () => void): void {
  if (SESSION_BUS) {
    describe(name, fn);
    return;
  }
  warnLoudly(`${name} (real OS keychain tests)`, [
    'DBUS_SESSION_BUS_ADDRESS is not set, so there is no Secret Service to test against.',
    'Run: scripts/with-keyring.sh npx vitest run test/integration/keys',
    '(it starts a private D-Bus session with an unlocked throwaway gnome-keyring).',
  ]);
  describe.skip(name, fn);
}

/** `describe` when dbus-daemon, gnome-keyring-daemon and gdbus exist; a loud skip otherwise. */
export function describeWithKeyringTools(name: string, fn: () => void): void {
  if (tools.dbusDaemon && tools.gnomeKeyring && tools.gdbus) {
    describe(name, fn);
    return;
  }
  warnLoudly(`${name} (keychain failure modes)`, [
    `Missing: ${Object.entries(tools)
      .filter(([k, v]) => !v && k !== 'xvfb')
      .map(([k]) => k)
      .join(', ')}.`,
    'Install apt packages dbus, gnome-keyring and libglib2.0-bin.',
  ]);
  describe.skip(name, fn);
}

/** A bus config with NO service activation: nothing starts unless we start it. */
const BARE_BUS_CONFIG = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;

/** The environment a child starts from: no bus, no display, a throwaway HOME. */
export function isolatedEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, LANG: 'C.UTF-8', ...extra };
}

/** Throwaway buses, keyrings and X servers for one scenario; `dispose()` stops them all. */
export class KeychainLab {
  private readonly procs: ChildProcess[] = [];
  private readonly dirs: string[] = [];

  tempDir(prefix = 'keychain-lab-'): string {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    this.dirs.push(dir);
    return dir;
  }

  /**
   * A private session bus. Without `display` it has no service activation at
   * all (so no keyring can auto-start). With `display` it is a standard session
   * bus whose activated services (gcr-prompter) can open windows on that display.
   */
  async bus(options: { display?: string } = {}): Promise<string> {
    const dir = this.tempDir('bus-');
    const args = ['--nofork', '--print-address=1'];
    if (options.display) args.unshift('--session');
    else {
      writeFileSync(join(dir, 'bus.conf'), BARE_BUS_CONFIG);
      args.unshift(`--config-file=${join(dir, 'bus.conf')}`);
    }
    const proc = this.track(
      spawn('dbus-daemon', args, {
        // NO_AT_BRIDGE: the activated prompter must not start GTK's accessibility bus (it would outlive the test).
        env: isolatedEnv(dir, options.display ? { DISPLAY: options.display, NO_AT_BRIDGE: '1' } : {}),
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    );
    return firstLine(proc, 'dbus-daemon did not print its address');
  }

  /** gnome-keyring on `bus` with a fresh data dir; `unlock` creates and unlocks the login collection. */
  async keyring(bus: string, options: { unlock: boolean; display?: string }): Promise<void> {
    const home = this.tempDir('keyring-');
    const args = ['--foreground', '--components=secrets'];
    if (options.unlock) args.push('--unlock');
    const env = isolatedEnv(home, {
      DBUS_SESSION_BUS_ADDRESS: bus,
      XDG_DATA_HOME: join(home, 'data'),
      XDG_RUNTIME_DIR: home,
      ...(options.display ? { DISPLAY: options.display } : {}),
    });
    const proc = this.track(spawn('gnome-keyring-daemon', args, { env, stdio: ['pipe', 'ignore', 'ignore'] }));
    // --unlock reads the new keyring's password from stdin.
    proc.stdin?.end(options.unlock ? 'throwaway-password' : '');
    await this.waitForName(bus, 'org.freedesktop.secrets');
  }

  /** Locks the login collection through the Secret Service API (no prompt needed to lock). */
  lockLogin(bus: string): void {
    const r = spawnSync(
      'gdbus',
      [
        'call',
        '--session',
        '--dest',
        'org.freedesktop.secrets',
        '--object-path',
        '/org/freedesktop/secrets',
        '--method',
        'org.freedesktop.Secret.Service.Lock',
        "['/org/freedesktop/secrets/collection/login']",
      ],
      { env: isolatedEnv(tmpdir(), { DBUS_SESSION_BUS_ADDRESS: bus }), encoding: 'utf8' },
    );
    if (r.status !== 0 || !r.stdout.includes('collection/login')) throw new Error(`could not lock the login collection: ${r.stderr}`);
  }

  /** A private X server; returns its DISPLAY (":N"). */
  async xvfb(): Promise<string> {
    const proc = this.track(
      spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '640x480x24', '-nolisten', 'tcp'], {
        stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
      }),
    );
    const stream = proc.stdio[3] as NodeJS.ReadableStream;
    const number = await new Promise<string>((resolve, reject) => {
      let text = '';
      const timer = setTimeout(() => reject(new Error('Xvfb did not report a display')), 5_000);
      stream.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('\n')) {
          clearTimeout(timer);
          resolve(text.trim());
        }
      });
    });
    return `:${number}`;
  }

  async dispose(): Promise<void> {
    for (const proc of this.procs.splice(0).reverse()) {
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((resolve) => proc.once('exit', resolve));
        proc.kill('SIGTERM');
        await Promise.race([exited, sleep(2_000)]);
        if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      }
    }
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }

  private track(proc: ChildProcess): ChildProcess {
    this.procs.push(proc);
    return proc;
  }

  private async waitForName(bus: string, name: string): Promise<void> {
    const env = isolatedEnv(tmpdir(), { DBUS_SESSION_BUS_ADDRESS: bus });
    for (let i = 0; i < 100; i++) {
      const r = spawnSync(
        'gdbus',
        [
          'call',
          '--session',
          '--dest',
          'org.freedesktop.DBus',
          '--object-path',
          '/org/freedesktop/DBus',
          '--method',
          'org.freedesktop.DBus.NameHasOwner',
          name,
        ],
        { env, encoding: 'utf8' },
      );
      if (r.stdout.includes('true')) return;
      await sleep(50);
    }
    throw new Error(`${name} never appeared on the bus`);
  }
}

function firstLine(proc: ChildProcess, failure: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(failure)), 5_000);
    proc.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const line = text.split('\n')[0];
      if (text.includes('\n') && line) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    });
    proc.once('exit', () => reject(new Error(failure)));
  });
}

export interface ProbeResult {
  health: { ok: boolean; reason?: string; message?: string; tier?: string };
  set: { ok: true } | { ok: false; code: string; reason: unknown; systemMessage: unknown; message: string };
  get?: { ok: true; value: string | null } | { ok: false; code: string; reason: unknown };
}

/**
 * Runs keychain-probe.ts in a fresh node process with exactly `env`; returns
 * what it saw. The child is killed once it has answered: a process whose
 * keychain call is stuck on a prompt cannot even exit on its own.
 */
export function runProbe(env: Record<string, string>, options: { timeoutMs?: number; ops?: string } = {}): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', PROBE_SCRIPT], {
      env: { ...env, PROBE_TIMEOUT_MS: String(options.timeoutMs ?? 3_000), PROBE_OPS: options.ops ?? 'health,set,get' },
      cwd: join(here, '../../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let answered = false;
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.startsWith('PROBE ') && out.includes(`${l}\n`));
      if (line && !answered) {
        answered = true;
        clearTimeout(killer);
        child.kill('SIGKILL');
        resolve(JSON.parse(line.slice('PROBE '.length)) as ProbeResult);
      }
    });
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code, signal) => {
      clearTimeout(killer);
      if (!answered) reject(new Error(`probe gave no answer (exit ${code ?? signal}): ${err.slice(-2000)}`));
    });
  });
}
