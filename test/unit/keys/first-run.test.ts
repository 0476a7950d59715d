import { afterEach, describe, expect, it } from 'vitest';
import { startSandboxHub, type SandboxHub } from '../../../sandbox-hub';
import { discoverHub } from '../../../src/main/services/hub/discover';
import { firstRunOptions, suggestedKeyName } from '../../../src/main/services/keys/first-run';
import { closedPort } from './support/http-server';

const hubs: SandboxHub[] = [];
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((h) => h.close()));
});

const discover = (url: string, timeoutMs: number) => discoverHub(url, { timeoutMs });

describe('first-run options', () => {
  it('proposes a key name that says which computer it is for', () => {
    expect(suggestedKeyName('AIGNE Hub Desktop', 'ada-laptop.local')).toBe('AIGNE Hub Desktop on ada-laptop');
    expect(suggestedKeyName('AIGNE Hub Desktop', '')).toBe('AIGNE Hub Desktop');
    expect(suggestedKeyName('AIGNE Hub Desktop', 'x'.repeat(200))).toHaveLength(80);
  });

  it('offers a local hub when one answers on the probed address', async () => {
    const hub = await startSandboxHub({ port: 0 });
    hubs.push(hub);
    const options = await firstRunOptions({ appName: 'App', localHubUrl: hub.url, discover, host: () => 'box' }, true);
    expect(options.localHub?.url).toBe(new URL(hub.url).origin);
    expect(options.suggestedKeyName).toBe('App on box');
    expect(options.publicHubUrl).toBe('https://hub.aigne.io/');
  });

  it('offers none when nothing answers, when the probe is off, or when not asked', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/`;
    expect((await firstRunOptions({ appName: 'App', localHubUrl: url, discover }, true)).localHub).toBeNull();
    expect((await firstRunOptions({ appName: 'App', localHubUrl: null, discover }, true)).localHub).toBeNull();
    let asked = false;
    const spy = async (u: string, t: number) => ((asked = true), discover(u, t));
    expect((await firstRunOptions({ appName: 'App', localHubUrl: url, discover: spy }, false)).localHub).toBeNull();
    expect(asked).toBe(false);
  });
});
