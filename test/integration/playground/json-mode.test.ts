// JSON mode end to end: the panel's draft becomes the {name, schema} wrapper
// the hub requires, in the request and in every exported snippet, and the
// strict sandbox (the hub's Joi rule) accepts it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODE_FORMATS, chatRequestBody, exportRequest } from '../../../src/shared/code-export';
import { chatParamsSchema } from '../../../src/shared/playground';
import { EMPTY_PARAMS, checkParams } from '../../../src/renderer/pages/playground/params';
import { startSandboxHub, type SandboxHub } from '../../../sandbox-hub/index';

let hub: SandboxHub;
beforeAll(async () => {
  hub = await startSandboxHub({ proseTokensPerSecond: 0 });
});
afterAll(async () => {
  await hub.close();
});

const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };

describe('JSON mode', () => {
  it('wraps the user’s schema under a name (default "response") and the hub accepts the request', async () => {
    const checked = checkParams({ ...EMPTY_PARAMS, responseFormat: 'json_schema', jsonSchema: JSON.stringify(schema) });
    expect(checked.ok).toBe(true);
    expect(checked.params.responseFormat).toEqual({ type: 'json_schema', jsonSchema: { name: 'response', schema } });
    const body = chatRequestBody(
      { model: 'sandbox/echo', messages: [{ role: 'user', content: 'Oslo' }], params: checked.params },
      { stream: false },
    );
    const key = hub.admin.createKey({ name: 'json mode' });
    const response = await fetch(`${hub.mountUrl}/api/v2/chat/completions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key.secret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(((await response.json()) as { text: string }).text)).toEqual({ city: 'Oslo' });
  });

  it('keeps a chosen name and rejects one the hub would not take', () => {
    const named = checkParams({
      ...EMPTY_PARAMS,
      responseFormat: 'json_schema',
      jsonSchema: JSON.stringify(schema),
      jsonSchemaName: 'city_answer',
    });
    expect(named.params.responseFormat).toMatchObject({ jsonSchema: { name: 'city_answer' } });
    const bad = checkParams({
      ...EMPTY_PARAMS,
      responseFormat: 'json_schema',
      jsonSchema: JSON.stringify(schema),
      jsonSchemaName: 'no spaces',
    });
    expect(bad.ok).toBe(false);
  });

  it('every snippet carries the wrapper, never a bare schema', () => {
    const params = chatParamsSchema.parse({ responseFormat: { type: 'json_schema', jsonSchema: { name: 'reply', schema } } });
    for (const format of CODE_FORMATS) {
      const code = exportRequest(
        { model: 'sandbox/echo', messages: [{ role: 'user', content: 'x' }], params },
        { format, mountUrl: hub.mountUrl },
      );
      expect(code, format).toMatch(/reply/);
      if (format !== 'cli') expect(code.replace(/\s+/g, ''), format).toMatch(/"?name"?:"reply",?"?schema"?:/);
    }
  });

  it('a conversation saved by an older version (bare schema) loads as the wrapper', () => {
    const parsed = chatParamsSchema.parse({ responseFormat: { type: 'json_schema', jsonSchema: schema } });
    expect(parsed.responseFormat).toEqual({ type: 'json_schema', jsonSchema: { name: 'response', schema } });
  });
});
