// Child processes the bench drives: the sandbox hub and the browser host each run in their own
// process, so their work does not share the measuring process's event loop.
import { spawn, type ChildProcess } from 'node:child_process';
import { request as undiciRequest } from 'undici';

/** Starts `node --import tsx …args` and resolves with the first stdout line that `match` accepts. */
export function startChild<T>(
  args: string[],
  match: (line: string) => T | undefined,
  what: string,
): Promise<{ child: ChildProcess; value: T }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      for (const line of out.split('\n')) {
        const value = match(line);
        if (value !== undefined) return ok({ child, value });
      }
    });
    child.once('exit', (code) => fail(new Error(`${what} exited (${code})`)));
  });
}

export interface Sandbox {
  child: ChildProcess;
  mountUrl: string;
  origin: string;
  /** A key with credits enough for any run. */
  secret: string;
}

/** The sandbox hub streaming prose at `tps` tokens a second (0: as fast as it can), with a key. */
export async function startSandbox(tps: number): Promise<Sandbox> {
  const { child, value: mountUrl } = await startChild(
    ['sandbox-hub/cli.ts', '--port', '0', '--prose-tps', String(tps)],
    (line) => /hub \(mount\):\s+(\S+)/.exec(line)?.[1],
    'sandbox hub',
  );
  const origin = new URL(mountUrl).origin;
  const res = await undiciRequest(`${origin}/__sandbox/keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench', credits: 1e9 }),
  });
  const key = (await res.body.json()) as { secret: string };
  return { child, mountUrl, origin, secret: key.secret };
}
