// Seeded usage history: deterministic, fast, realistic enough for charts;
// and the CLI that starts a seeded hub in a moment.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { startSandboxHub } from '../../sandbox-hub/index';
import { getJson, type Json } from './helpers';

const NOW = Date.UTC(2025, 5, 30, 15, 0, 0);

describe('seedUsage', () => {
  it('seeds 90 days deterministically, with several keys, models and some failures', async () => {
    const a = await startSandboxHub({ now: () => NOW });
    const b = await startSandboxHub({ now: () => NOW });
    try {
      const result = a.admin.seedUsage(90);
      b.admin.seedUsage(90);

      const strip = (calls: ReturnType<typeof a.admin.calls>) => calls.map(({ appDid: _appDid, ...rest }) => rest);
      expect(strip(a.admin.calls())).toEqual(strip(b.admin.calls())); // key ids are random; everything else matches

      const calls = a.admin.calls();
      expect(result.calls).toBe(calls.length);
      expect(calls.length).toBeGreaterThan(5000);
      expect(calls.length).toBeLessThan(50_000);
      expect(new Set(calls.map((c) => c.appDid)).size).toBe(5);
      expect(new Set(calls.map((c) => c.model))).toEqual(new Set(['echo', 'prose', 'prose-mini', 'pixel', 'embed']));
      const failed = calls.filter((c) => c.status === 'failed').length / calls.length;
      expect(failed).toBeGreaterThan(0.01);
      expect(failed).toBeLessThan(0.15);
      expect(Math.min(...calls.map((c) => c.callTime))).toBeGreaterThanOrEqual(Math.floor(NOW / 1000) - 90 * 86400);
      expect(Math.max(...calls.map((c) => c.callTime))).toBeLessThanOrEqual(Math.floor(NOW / 1000));
      expect(result.keys.map((k) => k.name)).toEqual(['Laptop CLI', 'CI pipeline', 'Writing assistant', 'Side project']);

      // Weekly rhythm: the CI key is quiet at weekends.
      const ci = result.keys.find((k) => k.name === 'CI pipeline')!.accessKeyId;
      const perDay = (weekend: boolean) => {
        const days = new Map<number, number>();
        for (const c of calls) {
          const day = Math.floor(c.callTime / 86400);
          const dow = new Date(day * 86400_000).getUTCDay();
          if (c.appDid === ci && (dow === 0 || dow === 6) === weekend) days.set(day, (days.get(day) ?? 0) + 1);
        }
        return [...days.values()].reduce((s, n) => s + n, 0) / Math.max(1, days.size);
      };
      expect(perDay(false)).toBeGreaterThan(perDay(true) * 3);

      // The history's spend is granted on top, so the balance is untouched and `used` shows it.
      expect(a.admin.credits(result.keys[0]!.accessKeyId)).toMatchObject({ balance: 10, granted: 10 + result.credits });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('serves 90 days of daily trends with every day present', async () => {
    const hub = await startSandboxHub({ now: () => NOW, seedUsageDays: 90 });
    try {
      const key = hub.admin.createKey({ name: 'viewer' });
      const { body } = await getJson(`${hub.mountUrl}/api/usage/projects/group-trends?timeRange=90`, key.secret);
      expect(body.granularity).toBe('day');
      expect(body.trends).toHaveLength(91);
      const busyDays = body.trends.filter((t: { byProject: Record<string, { totalCalls: number }> }) =>
        Object.values(t.byProject).some((s) => s.totalCalls > 0),
      );
      expect(busyDays.length).toBeGreaterThanOrEqual(89);
      expect(body.projects.map((p: { appName: string }) => p.appName)).toEqual(
        expect.arrayContaining(['Laptop CLI', 'CI pipeline', 'Writing assistant', 'Side project']),
      );
    } finally {
      await hub.close();
    }
  });
});

describe('npm run sandbox (cli.ts)', () => {
  it('starts with --port 0 --seed-usage 90, prints its URL, serves the seeded usage and stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'sandbox-hub/cli.ts', '--port', '0', '--seed-usage', '90', '--mount', '/ai-kit'],
      {
        cwd: new URL('../..', import.meta.url).pathname,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = output.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
          if (match?.[1]) resolve(match[1]);
        });
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
      });

      const key = (await (
        await fetch(`${url}/__sandbox/keys`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"name":"cli"}' })
      ).json()) as Json;
      const { body } = await getJson(`${url}/ai-kit/api/usage/projects?timeRange=90`, key.secret);
      expect(body.total).toBe(5);
      expect(body.projects[0].totalCalls).toBeGreaterThan(1000);
    } finally {
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
    }
  }, 20_000);
});
