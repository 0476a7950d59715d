import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

/**
 * Crash probes against the browser host, run in a child process: after each
 * probe the host must still be running and still answer a normal client.
 */
let child: ChildProcess;
let origin = '';
let token = '';
let exited: { code: number | null; stderr: string } | undefined;
let stderr = '';

beforeAll(async () => {
  child = spawn(process.execPath, ['--import', 'tsx', 'test/support/host-child.ts'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.on('exit', (code) => (exited = { code, stderr }));
  const info = await new Promise<{ origin: string; token: string }>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve(JSON.parse(line) as { origin: string; token: string });
    });
    child.on('exit', () => reject(new Error(`host did not start: ${stderr}`)));
  });
  origin = info.origin;
  token = info.token;
});

afterAll(() => {
  if (!exited) child.kill('SIGTERM');
});

const port = () => Number(new URL(origin).port);

async function openClient(): Promise<WebSocket> {
  expect(exited, `host exited: ${exited?.stderr}`).toBeUndefined();
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/__host/ipc?token=${token}`, { origin });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return ws;
}

/** A normal client: connects with the token and gets an answer to app.info. */
async function hostServesNormalClient(): Promise<void> {
  const ws = await openClient();
  const reply = await new Promise<{ id: number; result: { ok: boolean; value?: { name?: string } } }>((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(data.toString()) as never));
    ws.send(JSON.stringify({ id: 1, channel: 'app.info' }));
  });
  ws.close();
  expect(reply.result.ok).toBe(true);
  expect(reply.result.value?.name).toBe('AIGNE Hub Desktop');
}

function rawSocket(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port(), '127.0.0.1', () => resolve(s));
    s.on('error', reject);
  });
}

/** Opens a real WebSocket handshake on a raw TCP socket, to write frames by hand. */
async function rawUpgrade(): Promise<Socket> {
  const s = await rawSocket();
  s.removeAllListeners('error');
  s.on('error', () => {});
  const key = randomBytes(16).toString('base64');
  s.write(
    `GET /__host/ipc?token=${token} HTTP/1.1\r\nHost: 127.0.0.1:${port()}\r\nOrigin: ${origin}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  await new Promise<void>((resolve) => {
    let got = '';
    const onData = (d: Buffer) => {
      got += d.toString('latin1');
      if (got.includes('\r\n\r\n')) {
        s.off('data', onData);
        expect(got.startsWith('HTTP/1.1 101')).toBe(true);
        resolve();
      }
    };
    s.on('data', onData);
  });
  return s;
}

/** A client frame: masked as the protocol requires unless `unmasked`. */
function frame(opcode: number, payload: Buffer, opts: { rsv?: number; unmasked?: boolean; claimedLength?: bigint } = {}): Buffer {
  const first = 0x80 | ((opts.rsv ?? 0) << 4) | opcode;
  const maskBit = opts.unmasked ? 0 : 0x80;
  let header: Buffer;
  const len = opts.claimedLength ?? BigInt(payload.length);
  if (len < 126n) header = Buffer.from([first, maskBit | Number(len)]);
  else if (len < 65536n) {
    header = Buffer.alloc(4);
    header[0] = first;
    header[1] = maskBit | 126;
    header.writeUInt16BE(Number(len), 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = maskBit | 127;
    header.writeBigUInt64BE(len, 2);
  }
  if (opts.unmasked) return Buffer.concat([header, payload]);
  const mask = randomBytes(4);
  const body = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
  return Buffer.concat([header, mask, body]);
}

/** Writes, waits until the host closes or a short while passes, then resets the connection. */
async function sendAndReset(s: Socket, data: Buffer): Promise<void> {
  s.write(data);
  await new Promise<void>((resolve) => {
    s.once('close', () => resolve());
    setTimeout(resolve, 300);
  });
  s.resetAndDestroy();
}

describe('browser host crash probes', () => {
  it('survives a refused WebSocket upgrade followed by a TCP reset (no token needed)', async () => {
    for (let i = 0; i < 5; i++) {
      const s = await rawSocket();
      s.on('error', () => {});
      s.write(
        `GET /__host/ipc HTTP/1.1\r\nHost: 127.0.0.1:${port()}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: x\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
      s.resetAndDestroy();
    }
    await new Promise((r) => setTimeout(r, 100));
    await hostServesNormalClient();
  });

  it('answers a message over 1 MiB (saving a long answer) instead of dying', async () => {
    const ws = await openClient();
    const reply = await new Promise<{ result: { ok: boolean; error?: { code: string } } }>((resolve) => {
      ws.once('message', (data) => resolve(JSON.parse(data.toString()) as never));
      ws.send(
        JSON.stringify({
          id: 7,
          channel: 'conversations.append',
          payload: { id: 'nope', messages: [{ role: 'assistant', content: 'x'.repeat(1_500_000) }] },
        }),
      );
    });
    ws.close();
    // The call reached the service: the conversation does not exist, said as a typed error.
    expect(reply.result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await hostServesNormalClient();
  });

  it('survives a frame that claims to be larger than the frame limit', async () => {
    const s = await rawUpgrade();
    await sendAndReset(s, frame(1, Buffer.from('{}'), { claimedLength: 1n << 40n }));
    await hostServesNormalClient();
  });

  it('survives invalid UTF-8 in a text frame', async () => {
    const s = await rawUpgrade();
    await sendAndReset(s, frame(1, Buffer.from([0x7b, 0xff, 0xfe, 0xc3, 0x28, 0x7d])));
    await hostServesNormalClient();
  });

  it('survives bad frames: reserved bits, an unmasked client frame, an unknown opcode, a fragmented control frame', async () => {
    const bad = [
      frame(1, Buffer.from('{}'), { rsv: 0x7 }),
      frame(1, Buffer.from('{}'), { unmasked: true }),
      frame(0x3, Buffer.from('??')),
      Buffer.from([0x09, 0x80, 0, 0, 0, 0]),
      Buffer.from([0x81]),
    ];
    for (const data of bad) {
      const s = await rawUpgrade();
      await sendAndReset(s, data);
    }
    await hostServesNormalClient();
  });

  it('survives a deeply nested channel name and non-JSON text', async () => {
    const ws = await openClient();
    const depth = 200_000;
    const reply = await new Promise<{ result?: { ok: boolean; error?: { code: string } } } | 'closed'>((resolve) => {
      ws.once('message', (data) => resolve(JSON.parse(data.toString()) as never));
      ws.once('close', () => resolve('closed'));
      ws.send(`{"id":3,"channel":${'['.repeat(depth)}"app.info"${']'.repeat(depth)}}`);
    });
    if (reply !== 'closed') expect(reply.result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    ws.close();
    const ws2 = await openClient();
    ws2.send('not json at all');
    await new Promise((resolve) => ws2.once('close', resolve));
    await hostServesNormalClient();
  });

  it('survives a malformed upgrade request line and a reset mid-headers', async () => {
    const s = await rawSocket();
    s.on('error', () => {});
    s.write(`GET http://[::1 HTTP/1.1\r\nHost: 127.0.0.1:${port()}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`);
    await new Promise((r) => setTimeout(r, 100));
    s.resetAndDestroy();
    const s2 = await rawSocket();
    s2.on('error', () => {});
    s2.write(`GET /__host/ipc HTTP/1.1\r\nHost: 127.0.0`);
    s2.resetAndDestroy();
    await new Promise((r) => setTimeout(r, 100));
    await hostServesNormalClient();
  });
});
