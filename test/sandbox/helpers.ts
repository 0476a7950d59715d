// Test helpers: one isolated sandbox hub per test file, plain HTTP calls and
// an SSE frame parser that keeps every frame (so `[DONE]` would show up).
import { afterAll, beforeAll } from 'vitest';
import { startSandboxHub } from '../../sandbox-hub/index';
import type { SandboxHub, SandboxHubOptions } from '../../sandbox-hub/index';

/** Starts a hub before the file's tests and closes it after; read `.hub` inside tests. */
export function useHub(options: SandboxHubOptions = {}): { hub: SandboxHub } {
  const holder = {} as { hub: SandboxHub };
  beforeAll(async () => {
    holder.hub = await startSandboxHub({ proseTokensPerSecond: 0, ...options });
  });
  afterAll(async () => {
    await holder.hub?.close();
  });
  return holder;
}

export interface SseFrame {
  event?: string;
  data: string;
}

/** Splits an SSE body into frames; every `data:` line of a frame is joined with '\n'. */
export function parseSse(body: string): SseFrame[] {
  return body
    .split(/\n\n/)
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const frame: SseFrame = { data: '' };
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) frame.event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      frame.data = data.join('\n');
      return frame;
    });
}

/** The JSON of every unnamed frame. */
export function sseJson(body: string): Record<string, unknown>[] {
  return parseSse(body)
    .filter((f) => f.event === undefined)
    .map((f) => JSON.parse(f.data) as Record<string, unknown>);
}

export interface CallOptions {
  key?: string;
  headers?: Record<string, string>;
  sse?: boolean;
  signal?: AbortSignal;
}

export function headersFor(options: CallOptions = {}): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    ...(options.key ? { Authorization: `Bearer ${options.key}` } : {}),
    ...(options.sse ? { Accept: 'text/event-stream' } : {}),
    ...options.headers,
  };
}

export async function postJson(url: string, body: unknown, options: CallOptions = {}): Promise<Response> {
  const init: RequestInit = { method: 'POST', headers: headersFor(options), body: JSON.stringify(body) };
  if (options.signal) init.signal = options.signal;
  return fetch(url, init);
}

/** Parsed JSON bodies: `any` on purpose, tests assert on arbitrary shapes field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** GET and parse; `any` because tests assert on arbitrary JSON shapes field by field. */
export async function getJson(url: string, key?: string): Promise<{ status: number; body: Json }> {
  const response = await fetch(url, { headers: key ? { Authorization: `Bearer ${key}` } : {} });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Json) : undefined };
}

export const userMessage = (content: string) => [{ role: 'user', content }];
