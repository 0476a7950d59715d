// `POST {mount}/api/v2/image/generations` and `POST {mount}/api/v2/embeddings`
// (docs/hub-protocol.md §6), served by the sandbox image and embedding models.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { countWords, imageCredits, tokenCredits } from '../engine/billing';
import type { HubContext } from '../state/context';
import { billed } from '../state/credits';
import { FAULT_MESSAGES } from '../engine/faults';
import { sendJson } from './http';
import { resolveModel } from '../engine/models';
import { promptPicture } from '../engine/png';
import { clientGoneSignal, hubErrorRenderer, isRecord, preflight } from './preflight';
import type { Preflight } from './preflight';
import { createRandom, hashString } from '../engine/prng';
import { startCall } from '../state/recorder';
import type { FaultKind } from '../state/types';

const DEFAULT_IMAGE_MODEL = 'openai/dall-e-2';
const MAX_SIDE = 256;
const EMBEDDING_DIMENSIONS = 16;

/** Generated images served by URL when `responseFormat: 'url'` (the last 50 are kept). */
export class ImageShelf {
  private readonly images = new Map<string, Buffer>();
  put(id: string, png: Buffer): void {
    this.images.set(id, png);
    if (this.images.size > 50) {
      const oldest = this.images.keys().next().value;
      if (oldest !== undefined) this.images.delete(oldest);
    }
  }
  get(id: string): Buffer | undefined {
    return this.images.get(id);
  }
}

/** Sends a JSON answer, unless a non-streaming fault breaks it first. */
function sendWithFault(res: ServerResponse, fault: FaultKind | undefined, body: unknown): void {
  const text = JSON.stringify(body);
  if (fault === 'malformed') {
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
    res.end(text.slice(0, Math.floor(text.length / 2)));
  } else if (fault === 'drop' || fault === 'drop-socket') {
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
    res.write(text.slice(0, Math.floor(text.length / 2)), () => res.destroy());
  } else {
    sendJson(res, 200, body);
  }
}

function faultFailure(fault: FaultKind | undefined): string | undefined {
  if (fault === 'malformed') return FAULT_MESSAGES.malformed;
  if (fault === 'drop' || fault === 'drop-socket') return FAULT_MESSAGES.dropSocket;
  return undefined;
}

function parseSize(size: unknown): { width: number; height: number } {
  const match = typeof size === 'string' ? size.match(/^(\d+)x(\d+)$/) : null;
  const clamp = (n: number) => Math.min(MAX_SIDE, Math.max(1, n));
  if (!match) return { width: 64, height: 64 };
  return { width: clamp(Number(match[1])), height: clamp(Number(match[2])) };
}

function validateImage(
  body: unknown,
): { ok: true; prompt: string; n: number; size: unknown; format: string } | { ok: false; message: string } {
  if (!isRecord(body)) return { ok: false, message: '"value" must be of type object' };
  if (body.prompt === undefined) return { ok: false, message: '"prompt" is required' };
  if (typeof body.prompt !== 'string') return { ok: false, message: '"prompt" must be a string' };
  const n = body.n === undefined || body.n === null ? 1 : Number(body.n);
  if (!Number.isFinite(n)) return { ok: false, message: '"n" must be a number' };
  if (n < 1) return { ok: false, message: '"n" must be greater than or equal to 1' };
  if (n > 10) return { ok: false, message: '"n" must be less than or equal to 10' };
  const format = body.responseFormat ?? body.response_format;
  return { ok: true, prompt: body.prompt, n: Math.floor(n), size: body.size, format: typeof format === 'string' ? format : 'b64_json' };
}

const imageModelId = (body: unknown) => (isRecord(body) && typeof body.model === 'string' && body.model ? body.model : DEFAULT_IMAGE_MODEL);

export async function handleImageGeneration(ctx: HubContext, req: IncomingMessage, res: ServerResponse, shelf: ImageShelf): Promise<void> {
  const renderError = hubErrorRenderer(req, res);
  const endpoint = '/api/v2/image/generations';
  const pre = await preflight(ctx, req, res, {
    type: 'imageGeneration',
    endpoint,
    modelId: imageModelId,
    renderError,
    signal: clientGoneSignal(res),
  });
  if (!pre) return;
  const input = validateImage(pre.body);
  if (!input.ok) return failWith(pre, renderError, 400, input.message);
  const lookup = resolveModel(imageModelId(pre.body), 'image_generation');
  if (!lookup.ok) return failWith(pre, renderError, lookup.status, lookup.message);
  const call = pre.call ?? startCall(ctx, req, pre.caller, { type: 'imageGeneration', modelId: lookup.model.key, endpoint });

  const { width, height } = parseSize(input.size);
  const images = Array.from({ length: input.n }, (_, i) => {
    const png = promptPicture(input.prompt, i, width, height);
    if (input.format === 'url') {
      const id = `${call.record.id}-${i}`;
      shelf.put(id, png);
      return { url: `${ctx.origin()}/__sandbox/images/${id}.png` };
    }
    const base64 = png.toString('base64');
    return { b64_json: base64, base64, b64Json: base64 };
  });
  const credits = billed(ctx, imageCredits(lookup.model, images.length));
  call.firstByte();
  const failure = faultFailure(pre.fault);
  if (failure) call.fail(failure);
  else call.succeed({ inputTokens: countWords(input.prompt), outputTokens: 0, credits, totalUsage: images.length });
  sendWithFault(res, pre.fault, { images, data: images, model: lookup.model.model, usage: { aigneHubCredits: credits, creditPrefix: '' } });
}

/** A deterministic unit vector for a text. */
export function embed(text: string): number[] {
  const random = createRandom(hashString(text));
  const raw = Array.from({ length: EMBEDDING_DIMENSIONS }, () => random.next() * 2 - 1);
  const norm = Math.sqrt(raw.reduce((sum, v) => sum + v * v, 0)) || 1;
  return raw.map((v) => Math.round((v / norm) * 1e6) / 1e6);
}

/** Both request forms: `{input: "text" | [...]}` and the newer `{input: {input: …}}`. */
function embeddingTexts(body: unknown): { ok: true; texts: string[] } | { ok: false; message: string } {
  if (!isRecord(body)) return { ok: false, message: '"value" must be of type object' };
  if (typeof body.model !== 'string' || body.model === '') return { ok: false, message: '"model" is required' };
  const input = isRecord(body.input) ? body.input.input : body.input;
  if (input === undefined) return { ok: false, message: '"input" is required' };
  const list = Array.isArray(input) ? input : [input];
  if (list.length === 0 || !list.every((t) => typeof t === 'string' || typeof t === 'number')) {
    return { ok: false, message: '"input" must be one of [string, array]' };
  }
  return { ok: true, texts: list.map(String) };
}

export async function handleEmbeddings(ctx: HubContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const renderError = hubErrorRenderer(req, res);
  const endpoint = '/api/v2/embeddings';
  const modelId = (body: unknown) => (isRecord(body) && typeof body.model === 'string' && body.model ? body.model : undefined);
  const pre = await preflight(ctx, req, res, { type: 'embedding', endpoint, modelId, renderError, signal: clientGoneSignal(res) });
  if (!pre) return;
  // The hub answers embedding validation failures with 500, not 400 (docs/hub-protocol.md §6).
  const parsed = embeddingTexts(pre.body);
  if (!parsed.ok) return failWith(pre, renderError, 500, parsed.message);
  const lookup = resolveModel(modelId(pre.body) ?? '', 'embedding');
  if (!lookup.ok) return failWith(pre, renderError, lookup.status, lookup.message);
  const call = pre.call ?? startCall(ctx, req, pre.caller, { type: 'embedding', modelId: lookup.model.key, endpoint });

  const tokens = parsed.texts.reduce((sum, text) => sum + countWords(text), 0);
  const data = parsed.texts.map((text, index) => ({ object: 'embedding', index, embedding: embed(text) }));
  const credits = billed(ctx, tokenCredits(lookup.model, tokens, 0));
  call.firstByte();
  const failure = faultFailure(pre.fault);
  if (failure) call.fail(failure);
  else call.succeed({ inputTokens: tokens, outputTokens: 0, credits });
  sendWithFault(res, pre.fault, { data, usage: { aigneHubCredits: credits, creditPrefix: '' } });
}

function failWith(pre: Preflight, render: (status: number, error: unknown) => void, status: number, message: string): void {
  pre.call?.fail(message);
  render(status, message);
}
