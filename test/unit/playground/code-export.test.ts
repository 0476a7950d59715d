import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chatRequestBody, exportRequest, shellQuote, type ChatRequestLike } from '../../../src/shared/code-export';

const tricky = [
  `It's "quoted", has $HOME, \`backticks\`, a \\ backslash, !history and $(rm -rf /)`,
  'Line one\nLine two\r\n\ttabbed',
  'Unicode: 中文, emoji 🙂, RTL שלום, combining é, NUL-free \u2028 separator',
].join('\n---\n');

const request: ChatRequestLike = {
  model: 'sandbox/echo',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: tricky },
  ],
  params: {
    temperature: 0.7,
    topP: 0.9,
    maxTokens: 64,
    presencePenalty: -1,
    frequencyPenalty: 1.5,
    responseFormat: { type: 'json_schema', jsonSchema: { name: 'x', schema: { type: 'object' } } },
  },
};
const mountUrl = 'http://127.0.0.1:9/ai-kit';
const dir = mkdtempSync(join(tmpdir(), 'code-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(cmd: string, args: string[], env: Record<string, string> = {}): string {
  return execFileSync(cmd, args, { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });
}

describe('the chat body', () => {
  it('is camelCase with only the hub-known keys, in a stable order', () => {
    const body = chatRequestBody(request, { stream: true });
    expect(Object.keys(body)).toEqual([
      'model',
      'messages',
      'stream',
      'temperature',
      'topP',
      'maxTokens',
      'presencePenalty',
      'frequencyPenalty',
      'responseFormat',
    ]);
    expect(JSON.stringify(body)).not.toMatch(/max_tokens|top_p|_penalty/);
    expect(chatRequestBody({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }, { stream: false })).toEqual({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      stream: false,
    });
  });
});

describe('copy as curl', () => {
  const code = exportRequest(request, { format: 'curl', mountUrl });

  it('names the key only as $AIGNE_HUB_API_KEY and the hub as AIGNE_HUB_API_URL with the mount as fallback', () => {
    expect(code).toContain('Authorization: Bearer $AIGNE_HUB_API_KEY');
    expect(code).toContain('${AIGNE_HUB_API_URL:-http://127.0.0.1:9/ai-kit}/api/v2/chat/completions');
    expect(code).toContain(`-H 'Accept: text/event-stream'`);
    expect(code).not.toContain('blocklet-');
  });

  it('round-trips through a real POSIX shell: the body curl would send equals the request', () => {
    // A stand-in `curl` prints its arguments NUL-separated; the shell does all the unquoting.
    const out = run('sh', ['-c', `curl() { printf '%s\\0' "$@"; }\n${code}`], { AIGNE_HUB_API_KEY: 'test-key-value' });
    const args = out.split('\0');
    const body = args[args.indexOf('--data-raw') + 1];
    expect(JSON.parse(body ?? '')).toEqual(chatRequestBody(request, { stream: true }));
    expect(args).toContain('Authorization: Bearer test-key-value');
    expect(args).toContain('http://127.0.0.1:9/ai-kit/api/v2/chat/completions');
    const withEnv = run('sh', ['-c', `curl() { printf '%s\\0' "$@"; }\n${code}`], {
      AIGNE_HUB_API_URL: 'https://hub.example/ai-kit',
    }).split('\0');
    expect(withEnv).toContain('https://hub.example/ai-kit/api/v2/chat/completions');
  });

  it('quotes anything for a POSIX shell', () => {
    const texts = [tricky, "'", "''", '', 'a\'b"c$d`e\\f\ng'];
    const out = run('sh', ['-c', texts.map((t) => `printf '%s\\0' ${shellQuote(t)}`).join('\n')]);
    expect(out.split('\0').slice(0, -1)).toEqual(texts);
  });

  it('asks for JSON when not streaming', () => {
    const plain = exportRequest(request, { format: 'curl', mountUrl, stream: false });
    expect(plain).not.toContain('text/event-stream');
    expect(plain).toContain('"stream":false');
  });
});

describe('copy as JavaScript', () => {
  it('is a runnable module that sends exactly the request, with the key from process.env', () => {
    const code = exportRequest(request, { format: 'javascript', mountUrl });
    expect(code).toContain('process.env.AIGNE_HUB_API_KEY');
    expect(code).not.toContain('blocklet-');
    const file = join(dir, 'chat.mjs');
    const spy = join(dir, 'seen.json');
    writeFileSync(
      file,
      `globalThis.fetch = async (url, init) => { (await import('node:fs')).writeFileSync(${JSON.stringify(spy)}, JSON.stringify({ url, init })); process.exit(0); };\n${code}`,
    );
    run(process.execPath, [file], { AIGNE_HUB_API_KEY: 'k1' });
    const seen = JSON.parse(readFileSync(spy, 'utf8')) as { url: string; init: { headers: Record<string, string>; body: string } };
    expect(seen.url).toBe(`${mountUrl}/api/v2/chat/completions`);
    expect(seen.init.headers).toMatchObject({ Authorization: 'Bearer k1', Accept: 'text/event-stream' });
    expect(JSON.parse(seen.init.body)).toEqual(chatRequestBody(request, { stream: true }));
  });
});

describe('copy as Python', () => {
  it('is a runnable script that sends exactly the request, with the key from os.environ', () => {
    const code = exportRequest(request, { format: 'python', mountUrl });
    expect(code).toContain('os.environ["AIGNE_HUB_API_KEY"]');
    expect(code).not.toContain('blocklet-');
    const file = join(dir, 'chat.py');
    const prelude = [
      'import json, sys, urllib.request',
      'def _fake(req):',
      '    print(json.dumps({"url": req.full_url, "headers": dict(req.header_items()), "body": json.loads(req.data)}))',
      '    sys.exit(0)',
      'urllib.request.urlopen = _fake',
      '',
    ].join('\n');
    writeFileSync(file, prelude + code);
    const seen = JSON.parse(run('python3', [file], { AIGNE_HUB_API_KEY: 'k2', PYTHONIOENCODING: 'utf-8' })) as {
      url: string;
      headers: Record<string, string>;
      body: unknown;
    };
    expect(seen.url).toBe(`${mountUrl}/api/v2/chat/completions`);
    expect(seen.headers).toMatchObject({ Authorization: 'Bearer k2', Accept: 'text/event-stream' });
    expect(seen.body).toEqual(chatRequestBody(request, { stream: true }));
  });
});

describe('without a mount URL', () => {
  it('requires AIGNE_HUB_API_URL instead of inventing a host', () => {
    expect(exportRequest(request, { format: 'curl' })).toContain('${AIGNE_HUB_API_URL:?');
    expect(exportRequest(request, { format: 'python' })).toContain('os.environ["AIGNE_HUB_API_URL"]');
    expect(exportRequest(request, { format: 'javascript' })).toContain('const baseUrl = process.env.AIGNE_HUB_API_URL;');
  });
});
