import { AppError } from '../../../shared/errors';
import { type GeneratedImage, type ImageRequest, type ImageResult } from '../../../shared/playground';
import { hubErrorFromResponse } from '../hub/hub-errors';
import { CallRecorder } from './call-recorder';
import { forPlayground, toPlaygroundError } from './errors';
import { fetchBytes, parseJson, postHubJson } from './http';
import { roundCredits } from './metrics';
import { ratesLookup } from './models';
import type { MediaServiceDeps } from './ports';

export const IMAGE_GENERATIONS_PATH = '/api/v2/image/generations';
export const DEFAULT_IMAGE_TIMEOUT_MS = 180_000;
const MAX_IMAGE_ANSWER_BYTES = 96 * 1024 * 1024;
const MAX_IMAGE_DOWNLOAD_BYTES = 32 * 1024 * 1024;
/** All images of one answer together (bytes, decoded). */
const MAX_IMAGES_TOTAL_BYTES = 96 * 1024 * 1024;

/**
 * `POST {mount}/api/v2/image/generations` (hub-protocol.md §6). Asks for base64
 * and accepts every shape the hub uses per image (`b64_json`, `base64`,
 * `b64Json`, or `url`, which is downloaded here — without the key — so the
 * renderer only ever gets bytes). Logs a ClientCall per call.
 */
export class ImageService {
  constructor(private readonly deps: MediaServiceDeps) {}

  async generate(input: ImageRequest, signal?: AbortSignal): Promise<ImageResult> {
    const request = input;
    const key = await this.resolve(request.keyId);
    const recorder = new CallRecorder(this.deps.callLog, key, request.keyId, request.model, 'image');
    const options = this.deps.options ?? {};
    const timeoutMs = options.timeoutMs ?? DEFAULT_IMAGE_TIMEOUT_MS;
    const body: Record<string, unknown> = { model: request.model, prompt: request.prompt, responseFormat: 'b64_json' };
    if (request.size !== undefined) body.size = request.size;
    if (request.n !== undefined) body.n = request.n;
    const rates = ratesLookup(this.deps.models, key.mountUrl, request.model, 'image');
    try {
      const answer = await postHubJson(`${key.mountUrl.replace(/\/+$/, '')}${IMAGE_GENERATIONS_PATH}`, {
        secret: key.secret,
        body,
        timeoutMs,
        maxBytes: MAX_IMAGE_ANSWER_BYTES,
        requestId: recorder.id,
        ...(options.userAgent ? { userAgent: options.userAgent } : {}),
        ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
        ...(signal ? { signal } : {}),
      });
      recorder.firstByte(answer.ttfbMs);
      if (answer.status < 200 || answer.status >= 300) throw forPlayground(hubErrorFromResponse(answer.status, answer.text));
      const json = parseJson(answer.text, 'the generated images');
      // Never more than asked for: extra items are not read, let alone downloaded.
      const items = imageItems(json).slice(0, request.n ?? 1);
      const images: GeneratedImage[] = [];
      let total = 0;
      for (const item of items) {
        const image = await this.readImage(item, timeoutMs, signal);
        total += image.bytes;
        // Keep what fits; stop before the answer as a whole grows past its cap.
        if (total > MAX_IMAGES_TOTAL_BYTES && images.length > 0) break;
        images.push(image);
      }
      if (images.length === 0)
        throw new AppError('HUB_ERROR', 'The hub answered without any image. Try another prompt or model.', { reason: 'noImage' });

      const reported = hubCredits(json);
      const output = reported === undefined ? (await rates())?.output : undefined;
      const estimated = output != null ? roundCredits(output * images.length) : null;
      const credits = reported ?? estimated;
      recorder.succeed({ estimatedCredits: credits });
      return {
        callId: recorder.id,
        model: request.model,
        images,
        durationMs: recorder.elapsedMs(),
        credits,
        creditsAreEstimate: reported === undefined && estimated !== null,
      };
    } catch (error) {
      const failure = toPlaygroundError(error);
      recorder.fail(failure);
      throw failure;
    }
  }

  private async resolve(keyId: string) {
    try {
      return await this.deps.keys.resolve(keyId);
    } catch (error) {
      throw toPlaygroundError(error);
    }
  }

  private async readImage(item: unknown, timeoutMs: number, signal: AbortSignal | undefined): Promise<GeneratedImage> {
    const record = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const inline = [record.b64_json, record.base64, record.b64Json].find((v): v is string => typeof v === 'string' && v !== '');
    if (inline) return fromBytes(Buffer.from(stripDataUrl(inline), 'base64'));
    const url = typeof item === 'string' ? item : record.url;
    if (typeof url === 'string' && url !== '') {
      if (url.startsWith('data:')) return fromBytes(Buffer.from(stripDataUrl(url), 'base64'));
      const { bytes, contentType } = await fetchBytes(url, {
        timeoutMs,
        maxBytes: MAX_IMAGE_DOWNLOAD_BYTES,
        ...(signal ? { signal } : {}),
        ...(this.deps.options?.dispatcher ? { dispatcher: this.deps.options.dispatcher } : {}),
      }).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'HUB_ERROR' && error.detail?.maxBytes !== undefined) {
          throw new AppError(
            'HUB_ERROR',
            `The generated image is larger than ${Math.round(MAX_IMAGE_DOWNLOAD_BYTES / (1024 * 1024))} MB, so it was not downloaded. Try a smaller size.`,
            { reason: 'imageTooLarge', maxBytes: MAX_IMAGE_DOWNLOAD_BYTES },
          );
        }
        throw error;
      });
      return fromBytes(bytes, contentType);
    }
    throw new AppError('HUB_ERROR', 'The hub sent an image this app cannot read (no data and no address).', { reason: 'imageUnreadable' });
  }
}

/** `images` or `data` — the hub sends both with the same items. */
function imageItems(json: unknown): unknown[] {
  if (typeof json !== 'object' || json === null) return [];
  const record = json as Record<string, unknown>;
  if (Array.isArray(record.images)) return record.images;
  if (Array.isArray(record.data)) return record.data;
  return [];
}

function hubCredits(json: unknown): number | undefined {
  const usage = (json as { usage?: { aigneHubCredits?: unknown } } | null)?.usage;
  const raw = usage?.aigneHubCredits;
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
}

function stripDataUrl(text: string): string {
  const comma = text.startsWith('data:') ? text.indexOf(',') : -1;
  return comma >= 0 ? text.slice(comma + 1) : text;
}

function fromBytes(bytes: Buffer, contentType = ''): GeneratedImage {
  if (bytes.length === 0) throw new AppError('HUB_ERROR', 'The hub sent an empty image.', { reason: 'imageEmpty' });
  return {
    mimeType: sniffImageType(bytes) ?? imageType(contentType) ?? 'image/png',
    base64: bytes.toString('base64'),
    bytes: bytes.length,
  };
}

function imageType(contentType: string): string | undefined {
  const type = contentType.split(';')[0]?.trim().toLowerCase();
  return type?.startsWith('image/') ? type : undefined;
}

/** The image type from its first bytes; the hub does not say which format it sent. */
export function sniffImageType(bytes: Uint8Array): string | undefined {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50)
    return 'image/webp';
  return undefined;
}
