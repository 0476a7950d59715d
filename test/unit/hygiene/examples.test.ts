import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CODE_FORMATS, exportRequest, hubRoutedModel, type ChatRequestLike } from '../../../src/shared/code-export';
import { codeExportInputSchema } from '../../../src/shared/playground';
import { KeysService } from '../../../src/main/services/keys/keys-service';
import { memoryMetadataStore } from '../../../src/main/services/keys/ports';
import { MemoryClipboard, MemorySecretStore } from '../keys/support/memory-secret-store';

const mountUrl = 'http://127.0.0.1:9/ai-kit';
const SECRET = 'blocklet-8bNYzPd7mMQd1XR3yKxT9vA4qWcEuJ2hLfGsVn5oRt6';
const dir = mkdtempSync(join(tmpdir(), 'hygiene-examples-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const request: ChatRequestLike = {
  model: 'openai/gpt-5-mini',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'assistant', content: 'Earlier answer' },
    { role: 'user', content: `It's "quoted", $HOME, \`ticks\` and a \\ backslash` },
  ],
  params: { temperature: 0.4, topP: 0.9, maxTokens: 32, presencePenalty: 0.5, frequencyPenalty: -0.5 },
};

describe('the SDK and CLI examples', () => {
  it('spell the model the hub-routed way the SDK and CLI use', () => {
    expect(hubRoutedModel('openai/gpt-5-mini')).toBe('aignehub/openai/gpt-5-mini');
    expect(hubRoutedModel('aignehub:openai/gpt-5-mini')).toBe('aignehub/openai/gpt-5-mini');
    expect(hubRoutedModel('aignehub/openai/gpt-5-mini')).toBe('aignehub/openai/gpt-5-mini');
  });

  it('SDK: AIGNEHubChatModel with baseURL, the key from process.env.AIGNE_HUB_API_KEY, a hub-routed model; valid JavaScript', () => {
    for (const stream of [true, false]) {
      const code = exportRequest(request, { format: 'sdk', mountUrl, stream });
      expect(code).toContain("import { AIGNEHubChatModel } from '@aigne/aigne-hub';");
      expect(code).toContain(`baseURL: process.env.AIGNE_HUB_API_URL ?? "${mountUrl}",`);
      expect(code).toContain('apiKey: process.env.AIGNE_HUB_API_KEY,');
      expect(code).toContain('model: "aignehub/openai/gpt-5-mini",');
      expect(code).toContain('{ role: "agent", content: "Earlier answer" }');
      expect(code).toContain('modelOptions: { temperature: 0.4, topP: 0.9, maxTokens: 32, presencePenalty: 0.5, frequencyPenalty: -0.5 }');
      const file = join(dir, `sdk-${stream}.mjs`);
      writeFileSync(file, code);
      expect(spawnSync(process.execPath, ['--check', file]).status).toBe(0);
    }
  });

  it('CLI: the documented env-var form; the shell passes every argument through intact and fails fast without a key', () => {
    const code = exportRequest(request, { format: 'cli', mountUrl });
    expect(code).toContain('AIGNE_HUB_API_KEY="${AIGNE_HUB_API_KEY:?');
    expect(code).toContain('npx -y @aigne/cli run --model');
    // A stand-in `npx` on PATH prints what it was given and the variables it sees.
    const bin = join(dir, 'bin');
    execFileSync('mkdir', ['-p', bin]);
    const npx = join(bin, 'npx');
    writeFileSync(npx, '#!/bin/sh\nprintf "%s\\0" "$@"\nprintf "URL=%s\\0KEY=%s\\0" "$AIGNE_HUB_API_URL" "$AIGNE_HUB_API_KEY"\n');
    chmodSync(npx, 0o755);
    const env = { PATH: `${bin}:${process.env.PATH ?? ''}` };
    const out = execFileSync('sh', ['-c', code], { encoding: 'utf8', env: { ...env, AIGNE_HUB_API_KEY: 'k-from-env' } }).split('\0');
    expect(out.slice(0, 5)).toEqual(['-y', '@aigne/cli', 'run', '--model', 'aignehub/openai/gpt-5-mini']);
    expect(out).toEqual(
      expect.arrayContaining(['--temperature', '0.4', '--top-p', '0.9', '--presence-penalty', '0.5', '--frequency-penalty', '-0.5']),
    );
    expect(out[out.indexOf('--input') + 1]).toBe(request.messages[2]!.content);
    expect(out).toContain(`URL=${mountUrl}`);
    expect(out).toContain('KEY=k-from-env');
    const unset = spawnSync('sh', ['-c', code], { encoding: 'utf8', env });
    expect(unset.status).not.toBe(0);
    expect(unset.stderr).toContain('set AIGNE_HUB_API_KEY to your key first');
  });

  it('the playground’s export channel accepts the new formats (the enum was only widened)', () => {
    const base = { request: { model: 'sandbox/echo', messages: [{ role: 'user', content: 'hi' }] } };
    for (const format of CODE_FORMATS) expect(codeExportInputSchema.safeParse({ ...base, format }).success).toBe(true);
    expect(codeExportInputSchema.safeParse({ ...base, format: 'cobol' }).success).toBe(false);
  });
});

describe('per-key examples from the keys service', () => {
  it('use the key’s hub and environment variables, never the key; copying one puts exactly it on the clipboard', async () => {
    const secrets = new MemorySecretStore();
    const clipboard = new MemoryClipboard();
    const hubId = 'hub-1';
    const keys = new KeysService({
      secrets,
      metadata: memoryMetadataStore({
        version: 1,
        hubs: [{ id: hubId, name: 'Hub', url: mountUrl, origin: 'http://127.0.0.1:9', mountUrl, addedAt: new Date().toISOString() }],
        keys: [{ id: 'k1', hubId, name: 'CI', createdAt: new Date().toISOString(), masked: 'blocklet-…oRt6', source: 'pasted' }],
      }),
      clipboard,
      browser: { openExternal: async () => true },
    });
    await secrets.set(`${hubId}:k1`, SECRET);
    const { examples, model } = await keys.examples('k1');
    expect(model).toBe('openai/gpt-5-mini');
    expect(Object.keys(examples).sort()).toEqual([...CODE_FORMATS].sort());
    for (const [format, code] of Object.entries(examples)) {
      expect(code, format).toMatch(/AIGNE_HUB_API_KEY/);
      expect(code, format).toContain(mountUrl);
      expect(code, format).not.toContain(SECRET);
      expect(code, format).not.toContain('blocklet-');
    }
    await keys.copyExample('k1', 'sdk', 'sandbox/echo');
    expect(clipboard.text).toContain('model: "aignehub/sandbox/echo"');
    expect(clipboard.text).toContain('process.env.AIGNE_HUB_API_KEY');
    expect(clipboard.text).not.toContain(SECRET);
    keys.dispose();
  });

  it('remember which applications use a key and when it was retired', async () => {
    const keys = new KeysService({
      secrets: new MemorySecretStore(),
      metadata: memoryMetadataStore({
        version: 1,
        hubs: [{ id: 'h', name: 'Hub', url: mountUrl, origin: 'http://127.0.0.1:9', mountUrl, addedAt: new Date().toISOString() }],
        keys: [{ id: 'k1', hubId: 'h', name: 'CI', createdAt: new Date().toISOString(), masked: 'blocklet-…oRt6', source: 'pasted' }],
      }),
      clipboard: new MemoryClipboard(),
      browser: { openExternal: async () => true },
    });
    expect((await keys.setUsedBy('k1', [' CI pipeline ', 'ci PIPELINE', 'Laptop', ''])).usedBy).toEqual(['CI pipeline', 'Laptop']);
    expect((await keys.setUsedBy('k1', [])).usedBy).toBeUndefined();
    const retired = await keys.setRetired('k1', true);
    expect(Date.parse(retired.retiredAt ?? '')).toBeGreaterThan(0);
    // Marking it again keeps the first time; un-retiring clears it.
    expect((await keys.setRetired('k1', true)).retiredAt).toBe(retired.retiredAt);
    expect((await keys.setRetired('k1', false)).retiredAt).toBeUndefined();
    keys.dispose();
  });
});
