// The SDK example a user copies for a key runs as pasted: the official
// @aigne/aigne-hub SDK, against a sandbox hub, with the key only in the environment.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxHub, type CreatedKey, type SandboxHub } from '../../../sandbox-hub/index';
import { exportRequest } from '../../../src/shared/code-export';

const run = promisify(execFile);
let hub: SandboxHub;
let key: CreatedKey;
let dir: string;

beforeAll(async () => {
  hub = await startSandboxHub({ proseTokensPerSecond: 0 });
  key = hub.admin.createKey({ name: 'sdk example' });
  // Inside the repository, so `import '@aigne/aigne-hub'` resolves from node_modules as in a user's project.
  mkdirSync('.tmp', { recursive: true });
  dir = mkdtempSync(join(process.cwd(), '.tmp', 'sdk-example-'));
});

afterAll(async () => {
  await hub?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the SDK example', () => {
  it.each([false, true])('answers through the hub with the key from AIGNE_HUB_API_KEY (streaming: %s)', async (stream) => {
    const code = exportRequest(
      { model: 'sandbox/echo', messages: [{ role: 'user', content: 'hello from a pasted example' }] },
      { format: 'sdk', mountUrl: hub.mountUrl, stream, accessKeyId: key.accessKeyId },
    );
    expect(code).not.toContain(key.secret);
    const file = join(dir, `chat-${stream}.mjs`);
    writeFileSync(file, code);
    const { stdout } = await run(process.execPath, [file], {
      env: { PATH: process.env.PATH ?? '', AIGNE_HUB_API_KEY: key.secret },
      timeout: 30_000,
    });
    expect(stdout.trim()).toBe('hello from a pasted example');
    // Attributed to the key (BLOCKLET_APP_PID), not to "@aigne/aigne-hub:<hostname>".
    expect(hub.admin.calls().at(-1)).toMatchObject({ model: 'echo', status: 'success', userDid: key.userDid, appDid: key.accessKeyId });
  });

  it('runs JSON mode as exported: the {name, schema} wrapper passes the SDK and the hub', async () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] };
    const code = exportRequest(
      {
        model: 'sandbox/echo',
        messages: [{ role: 'user', content: 'structured' }],
        params: { responseFormat: { type: 'json_schema', jsonSchema: { name: 'reply', schema } } },
      },
      { format: 'sdk', mountUrl: hub.mountUrl, stream: false, accessKeyId: key.accessKeyId },
    );
    const file = join(dir, 'json.mjs');
    writeFileSync(file, code);
    const { stdout } = await run(process.execPath, [file], {
      env: { PATH: process.env.PATH ?? '', AIGNE_HUB_API_KEY: key.secret },
      timeout: 30_000,
    });
    expect(stdout).toContain("answer: 'structured'");
    expect(hub.admin.calls().at(-1)).toMatchObject({ status: 'success', appDid: key.accessKeyId });
  });

  it('fails without the key in the environment rather than finding one in the code', async () => {
    const file = join(dir, 'no-key.mjs');
    writeFileSync(
      file,
      exportRequest(
        { model: 'sandbox/echo', messages: [{ role: 'user', content: 'x' }] },
        { format: 'sdk', mountUrl: hub.mountUrl, stream: false },
      ),
    );
    await expect(run(process.execPath, [file], { env: { PATH: process.env.PATH ?? '' }, timeout: 15_000 })).rejects.toMatchObject({
      stderr: expect.stringMatching(/not authenticated/i),
    });
  });
});
