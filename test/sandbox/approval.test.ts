// The key approval flow under /.well-known/service (docs/hub-protocol.md §3),
// over HTTP and, end to end, in Chromium as a user would click through it.
import CryptoJS from 'crypto-js';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS } from '../../playwright.config';
import { startSandboxHub } from '../../sandbox-hub/index';
import type { SandboxHub } from '../../sandbox-hub/index';
import { getJson, useHub, type Json } from './helpers';

const ctx = useHub();

interface Session {
  id: string;
  type: string;
  challenge: string;
  createdAt: string;
  updatedAt: string;
  accessKeyId?: string;
  accessKeySecret?: string;
}

const sessionUrl = (hub: SandboxHub, sid?: string) =>
  `${hub.url}/.well-known/service/api/access-key/session${sid ? `?sid=${encodeURIComponent(sid)}` : ''}`;

async function createSession(hub: SandboxHub): Promise<Session> {
  const response = await fetch(sessionUrl(hub), { method: 'POST' });
  expect(response.status).toBe(200);
  return (await response.json()) as Json as Session;
}

async function poll(
  hub: SandboxHub,
  sid: string,
  count: number,
): Promise<{ status: number; body: Session & { status?: string; error?: string; text?: string } }> {
  const response = await fetch(sessionUrl(hub, sid), { headers: { 'X-Request-Count': String(count) } });
  const text = await response.text();
  let body: Json;
  try {
    body = JSON.parse(text) as Json;
  } catch {
    body = { text } as Json;
  }
  return { status: response.status, body: body as Session & { status?: string; error?: string; text?: string } };
}

function pageUrl(hub: SandboxHub, sid: string, source: string): string {
  const token = Buffer.from(sid).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const params = new URLSearchParams({ source, closeOnSuccess: 'true', cli: 'true', appName: 'AIGNE Hub Desktop', appLogo: '' });
  return `${hub.url}/.well-known/service/gen-simple-access-key?__token__=${token}&${params}`;
}

/** Exactly what the official CLI does with the approved session. */
function decrypt(session: Session): string {
  const passphrase = CryptoJS.PBKDF2(session.challenge, session.accessKeyId ?? '', {
    keySize: 8,
    iterations: 256,
    hasher: CryptoJS.algo.SHA512,
  }).toString(CryptoJS.enc.Hex);
  return CryptoJS.AES.decrypt(session.accessKeySecret ?? '', passphrase).toString(CryptoJS.enc.Utf8);
}

describe('session API', () => {
  it('creates a session with a 48-hex challenge', async () => {
    const session = await createSession(ctx.hub);
    expect(session).toMatchObject({
      id: expect.any(String),
      type: 'access-key-simple',
      challenge: expect.stringMatching(/^[0-9a-f]{48}$/),
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
  });

  it('polls pending as 2xx JSON without a key, then approved with id, encrypted secret and challenge', async () => {
    const session = await createSession(ctx.hub);
    const pending = await poll(ctx.hub, session.id, 0);
    expect(pending.status).toBe(200);
    expect(pending.body.accessKeyId).toBeUndefined();
    expect(pending.body.accessKeySecret).toBeUndefined();

    ctx.hub.admin.approveSession(session.id, 'Approved by admin');
    const approved = await poll(ctx.hub, session.id, 1);
    expect(approved.body).toMatchObject({
      accessKeyId: expect.stringMatching(/^z1/),
      accessKeySecret: expect.any(String),
      challenge: session.challenge,
    });
    expect(approved.body.accessKeySecret).not.toMatch(/^blocklet-/);
    const secret = decrypt(approved.body);
    expect(secret).toMatch(/^blocklet-/);

    // The CLI reads the approved session once more: it must still be there.
    expect(decrypt((await poll(ctx.hub, session.id, 2)).body)).toBe(secret);
    expect(ctx.hub.admin.listKeys().find((k) => k.accessKeyId === approved.body.accessKeyId)?.name).toBe('Approved by admin');
  });

  it('DELETE answers 2xx JSON, and the secret is never returned again', async () => {
    const session = await createSession(ctx.hub);
    ctx.hub.admin.approveSession(session.id);
    const response = await fetch(sessionUrl(ctx.hub, session.id), { method: 'DELETE' });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Json;
    expect(body.id).toBe(session.id);
    expect(body.accessKeySecret).toBeUndefined();
    // As on a real hub, an ended session polls as HTTP 500 with a plain-text body.
    const ended = await poll(ctx.hub, session.id, 3);
    expect(ended.status).toBe(500);
    expect(ended.body.text).toMatch(/null/);
  });

  it('an unknown session answers 500 with a plain-text body, as a real hub does', async () => {
    const response = await fetch(sessionUrl(ctx.hub, 'no-such-session'), { headers: { 'X-Request-Count': '0' } });
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    await expect(response.text()).resolves.not.toMatch(/^\s*[{[]/);
  });

  it('has no decline by default: the deny endpoint is not there and the session stays pending', async () => {
    const session = await createSession(ctx.hub);
    const deny = await fetch(`${ctx.hub.url}/.well-known/service/api/access-key/deny`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ sid: session.id }),
    });
    expect(deny.status).toBe(404);
    expect(() => ctx.hub.admin.denySession(session.id)).toThrow(/--allow-deny/);
    const still = await poll(ctx.hub, session.id, 4);
    expect(still.status).toBe(200);
    expect(still.body.accessKeyId).toBeUndefined();
  });

  it('--allow-deny (demos): a denied session ends polling with 404 {status: "denied"}', async () => {
    const hub = await startSandboxHub({ allowDeny: true });
    try {
      const session = await createSession(hub);
      hub.admin.denySession(session.id);
      expect(await poll(hub, session.id, 1)).toEqual({ status: 404, body: { error: 'Access key request was denied', status: 'denied' } });
    } finally {
      await hub.close();
    }
  });

  it('--auto-approve: opening the page approves it under the page’s source; unopened sessions on the second poll', async () => {
    const hub = await startSandboxHub({ autoApprove: true });
    try {
      const opened = await createSession(hub);
      expect((await fetch(pageUrl(hub, opened.id, 'Named by page'))).status).toBe(200);
      const first = await poll(hub, opened.id, 0);
      expect(decrypt(first.body)).toMatch(/^blocklet-/);
      expect(hub.admin.listKeys().find((k) => k.accessKeyId === first.body.accessKeyId)?.name).toBe('Named by page');

      const headless = await createSession(hub);
      expect((await poll(hub, headless.id, 0)).body.accessKeyId).toBeUndefined();
      const second = await poll(hub, headless.id, 1);
      const secret = decrypt(second.body);
      expect((await getJson(`${hub.mountUrl}/api/user/info`, secret)).status).toBe(200);
    } finally {
      await hub.close();
    }
  });
});

describe('approval page in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('approve: click, poll, decrypt as the CLI does, and the key works', async () => {
    const session = await createSession(ctx.hub);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(pageUrl(ctx.hub, session.id, 'My laptop'));
    await expect(page.locator('#app-name').textContent()).resolves.toBe('AIGNE Hub Desktop');
    await expect(page.locator('#key-name').textContent()).resolves.toBe('My laptop');
    expect((await poll(ctx.hub, session.id, 0)).body.accessKeyId).toBeUndefined();

    await page.getByRole('button', { name: 'Approve' }).click();
    await page.locator('main[data-state="approved"]').waitFor();
    await expect(page.locator('#status').textContent()).resolves.toMatch(/^Approved/);

    const approved = await poll(ctx.hub, session.id, 1);
    const secret = decrypt(approved.body);
    expect(secret).toMatch(/^blocklet-/);
    const info = await getJson(`${ctx.hub.mountUrl}/api/user/info`, secret);
    expect(info.status).toBe(200);
    expect(ctx.hub.admin.listKeys().find((k) => k.accessKeyId === approved.body.accessKeyId)?.name).toBe('My laptop');
    expect(errors).toEqual([]);
    await page.close();
  }, 30_000);

  it('the page offers Cancel, not Deny, as a real hub does', async () => {
    const session = await createSession(ctx.hub);
    const page = await browser.newPage();
    await page.goto(pageUrl(ctx.hub, session.id, 'Cancelled key'));
    await expect(page.getByRole('button', { name: 'Deny' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Cancel' }).count()).resolves.toBe(1);
    await page.close();
  }, 30_000);

  it('deny (--allow-deny): no key is created and polling ends', async () => {
    const hub = await startSandboxHub({ allowDeny: true });
    try {
      const session = await createSession(hub);
      const page = await browser.newPage();
      await page.goto(pageUrl(hub, session.id, 'Denied key'));
      await page.getByRole('button', { name: 'Deny' }).click();
      await page.locator('main[data-state="denied"]').waitFor();
      expect((await poll(hub, session.id, 1)).status).toBe(404);
      expect(hub.admin.listKeys()).toHaveLength(0);
      await page.close();
    } finally {
      await hub.close();
    }
  }, 30_000);

  it('an unknown session shows an expired page with no buttons', async () => {
    const page = await browser.newPage();
    const response = await page.goto(pageUrl(ctx.hub, 'gone', 'x'));
    expect(response?.status()).toBe(404);
    expect(await page.getByRole('button').count()).toBe(0);
    await expect(page.locator('#status').textContent()).resolves.toMatch(/expired/);
    await page.close();
  }, 30_000);
});
