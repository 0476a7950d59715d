import { describe, expect, it } from 'vitest';
import { hubErrorFromResponse, readHubErrorBody } from '../../../src/main/services/hub/hub-errors';

describe('reading the hub error shapes (§8)', () => {
  it('reads {"error": "<message>"}', () => {
    expect(readHubErrorBody('{"error":"Model not found"}').message).toBe('Model not found');
  });
  it('reads {"error": {message, type, link}}', () => {
    expect(readHubErrorBody({ error: { message: 'Not enough credits', type: 'NOT_ENOUGH', link: 'https://pay', timestamp: 1 } })).toEqual({
      message: 'Not enough credits',
      type: 'NOT_ENOUGH',
      link: 'https://pay',
    });
  });
  it('reads {"error": {message}} and {"message"}', () => {
    expect(readHubErrorBody({ error: { message: 'boom' } }).message).toBe('boom');
    expect(readHubErrorBody('{"message":"Validation failed"}').message).toBe('Validation failed');
  });
  it('reads plain text, ignores HTML pages and empty bodies', () => {
    expect(readHubErrorBody('Bad Gateway').message).toBe('Bad Gateway');
    expect(readHubErrorBody('<html><body>502</body></html>').message).toBeUndefined();
    expect(readHubErrorBody('').message).toBeUndefined();
    expect(readHubErrorBody(null).message).toBeUndefined();
  });
  it('never repeats a key the hub echoed back', () => {
    const { message } = readHubErrorBody({ error: 'Invalid key blocklet-4mVbq8TzXw9kLpRa2NcYh7Qx2 supplied' });
    expect(message).toBe('Invalid key blocklet-… supplied');
  });
});

describe('mapping hub errors to app errors', () => {
  it('401 (string body) → UNAUTHORIZED with advice', () => {
    const e = hubErrorFromResponse(401, '{"error":"User not authenticated"}');
    expect(e.code).toBe('UNAUTHORIZED');
    expect(e.message).toMatch(/did not accept this key\. It may have been revoked/);
    expect(e.detail).toMatchObject({ status: 401, hubMessage: 'User not authenticated' });
  });
  it('401 from /api/usage ({"error":"Unauthorized"}) → UNAUTHORIZED', () => {
    expect(hubErrorFromResponse(401, { error: 'Unauthorized' }).code).toBe('UNAUTHORIZED');
  });
  it('402 NOT_ENOUGH → OUT_OF_CREDITS with the top-up link', () => {
    const e = hubErrorFromResponse(402, { error: { message: 'Insufficient credits', type: 'NOT_ENOUGH', link: 'https://hub/pay' } });
    expect(e.code).toBe('OUT_OF_CREDITS');
    expect(e.detail?.link).toBe('https://hub/pay');
    expect(e.message).toMatch(/out of credits/);
  });
  it('an SSE error event (HTTP 200) is classified by its body', () => {
    expect(hubErrorFromResponse(200, { error: 'User not authenticated' }).code).toBe('UNAUTHORIZED');
    expect(hubErrorFromResponse(200, { error: { message: 'x', type: 'NOT_ENOUGH', link: 'l' } }).code).toBe('OUT_OF_CREDITS');
    expect(hubErrorFromResponse(200, { error: { message: 'provider failed mid-answer' } }).code).toBe('HUB_ERROR');
  });
  it.each([
    [400, 'INVALID_INPUT'],
    [403, 'UNAUTHORIZED'],
    [404, 'NOT_FOUND'],
    [429, 'HUB_ERROR'],
    [500, 'HUB_ERROR'],
    [502, 'HUB_ERROR'],
    [503, 'HUB_ERROR'],
  ] as const)('HTTP %i → %s, quoting the hub', (status, code) => {
    const e = hubErrorFromResponse(status, { error: 'Something specific' });
    expect(e.code).toBe(code);
    expect(e.detail?.status).toBe(status);
    expect(e.message).toContain('Something specific');
  });
  it('says what the status means when the body is empty', () => {
    expect(hubErrorFromResponse(500, '').message).toBe('The hub answered with an error (HTTP 500).');
  });
});
