import { AppError, isAppError } from '../../../shared/errors';
import { type CompareTextsRequest, type CompareTextsResult, type EmbeddingResult, type EmbedRequest } from '../../../shared/playground';
import { hubErrorFromResponse } from '../hub/hub-errors';
import { CallRecorder } from './call-recorder';
import { forPlayground, toPlaygroundError } from './errors';
import { parseJson, postHubJson, type JsonAnswer } from './http';
import { estimateCredits } from './metrics';
import { ratesLookup } from './models';
import type { MediaServiceDeps, ResolvedKey } from './ports';

export const EMBEDDINGS_PATH = '/api/v2/embeddings';
export const DEFAULT_EMBEDDING_TIMEOUT_MS = 60_000;
export const PREVIEW_LENGTH = 8;
const MAX_EMBEDDING_ANSWER_BYTES = 32 * 1024 * 1024;

/** Which request body a hub accepts (docs/hub-protocol.md §6). */
export type EmbeddingForm = 'current' | 'legacy';

/**
 * `POST {mount}/api/v2/embeddings`.
 *
 * Current hubs want `{model, input: {input: "text"}}`; older ones (and the
 * hub's own UI) send `{model, input: "text"}`. We send the current form and,
 * when the hub rejects it as a validation failure — which this route reports
 * as HTTP 400 or 500, never 422 — retry once with the older form. The form
 * that worked is remembered per hub for the rest of the session, so the
 * fallback costs one extra (failed, unbilled) call at most once per hub.
 * The answer's shape is unverified for the current form: `data[].embedding`
 * and `embeddings[]` are both accepted.
 */
export class EmbeddingService {
  private readonly forms = new Map<string, EmbeddingForm>();

  constructor(private readonly deps: MediaServiceDeps) {}

  /** One text → its vector, dimension and a short preview. */
  async embed(input: EmbedRequest, signal?: AbortSignal): Promise<EmbeddingResult> {
    const request = input;
    const key = await this.resolve(request.keyId);
    const { vector, callId, durationMs } = await this.vector(key, request.keyId, request.model, request.input, signal);
    return { callId, model: request.model, dimension: vector.length, preview: vector.slice(0, PREVIEW_LENGTH), vector, durationMs };
  }

  /** Embeds two texts (one call each) and returns their cosine similarity. */
  async compareTexts(input: CompareTextsRequest, signal?: AbortSignal): Promise<CompareTextsResult> {
    const request = input;
    const key = await this.resolve(request.keyId);
    // One at a time: the second call reuses the form the first one settled on.
    const a = await this.vector(key, request.keyId, request.model, request.a, signal);
    const b = await this.vector(key, request.keyId, request.model, request.b, signal);
    if (a.vector.length !== b.vector.length) {
      throw new AppError(
        'HUB_ERROR',
        `The hub returned vectors of different sizes (${a.vector.length} and ${b.vector.length}), so they cannot be compared.`,
        { reason: 'vectorSizes', a: a.vector.length, b: b.vector.length },
      );
    }
    return {
      model: request.model,
      similarity: clamp(cosineSimilarity(a.vector, b.vector)),
      dimension: a.vector.length,
      previewA: a.vector.slice(0, PREVIEW_LENGTH),
      previewB: b.vector.slice(0, PREVIEW_LENGTH),
      durationMs: Math.round((a.durationMs + b.durationMs) * 10) / 10,
      callIds: [a.callId, b.callId],
    };
  }

  /** The form a hub is known to accept, once one call succeeded. */
  knownForm(mountUrl: string): EmbeddingForm | undefined {
    return this.forms.get(mountUrl.replace(/\/+$/, ''));
  }

  private async resolve(keyId: string): Promise<ResolvedKey> {
    try {
      return await this.deps.keys.resolve(keyId);
    } catch (error) {
      throw toPlaygroundError(error);
    }
  }

  private async vector(
    key: ResolvedKey,
    keyId: string,
    model: string,
    text: string,
    signal: AbortSignal | undefined,
  ): Promise<{ vector: number[]; callId: string; durationMs: number }> {
    const base = key.mountUrl.replace(/\/+$/, '');
    const recorder = new CallRecorder(this.deps.callLog, key, keyId, model, 'embedding');
    const rates = ratesLookup(this.deps.models, key.mountUrl, model, 'embedding');
    try {
      const known = this.forms.get(base);
      let form: EmbeddingForm = known ?? 'current';
      let answer = await this.post(base, key, model, text, form, recorder.id, signal);
      if (known === undefined && (answer.status === 400 || answer.status === 500)) {
        form = 'legacy';
        answer = await this.post(base, key, model, text, form, recorder.id, signal);
      }
      recorder.firstByte(answer.ttfbMs);
      if (answer.status < 200 || answer.status >= 300) throw forPlayground(hubErrorFromResponse(answer.status, answer.text));
      const json = parseJson(answer.text, 'the embedding');
      const vector = readVectors(json)[0];
      if (!vector || vector.length === 0)
        throw new AppError('HUB_ERROR', 'The hub answered without an embedding vector.', { reason: 'noVector' });
      this.forms.set(base, form);
      const promptTokens = usageTokens(json);
      // The hub's billed figure when the answer carries it; else an estimate from the rates.
      const billed = billedCredits(json);
      const estimated = promptTokens === undefined || billed !== undefined ? undefined : estimateCredits(await rates(), promptTokens, 0);
      const credits = billed ?? estimated;
      recorder.succeed({
        ...(promptTokens === undefined ? {} : { promptTokens }),
        ...(credits === undefined ? {} : { estimatedCredits: credits }),
      });
      return { vector, callId: recorder.id, durationMs: recorder.elapsedMs() };
    } catch (error) {
      const failure = isAppError(error) ? forPlayground(error) : toPlaygroundError(error);
      recorder.fail(failure);
      throw failure;
    }
  }

  private post(
    base: string,
    key: ResolvedKey,
    model: string,
    text: string,
    form: EmbeddingForm,
    requestId: string,
    signal: AbortSignal | undefined,
  ): Promise<JsonAnswer> {
    const options = this.deps.options ?? {};
    return postHubJson(`${base}${EMBEDDINGS_PATH}`, {
      secret: key.secret,
      body: embeddingBody(model, text, form),
      timeoutMs: options.timeoutMs ?? DEFAULT_EMBEDDING_TIMEOUT_MS,
      maxBytes: MAX_EMBEDDING_ANSWER_BYTES,
      requestId,
      ...(options.userAgent ? { userAgent: options.userAgent } : {}),
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
      ...(signal ? { signal } : {}),
    });
  }
}

export function embeddingBody(model: string, text: string, form: EmbeddingForm): Record<string, unknown> {
  return form === 'current' ? { model, input: { input: text } } : { model, input: text };
}

/** Every vector in an answer: `{data:[{embedding}]}`, `{embeddings:[[…]]}` or `{embeddings:[{embedding}]}`. */
export function readVectors(json: unknown): number[][] {
  if (typeof json !== 'object' || json === null) return [];
  const record = json as Record<string, unknown>;
  const list = Array.isArray(record.data) ? record.data : Array.isArray(record.embeddings) ? record.embeddings : [];
  const vectors: number[][] = [];
  for (const item of list) {
    const raw = Array.isArray(item) ? item : (item as { embedding?: unknown } | null)?.embedding;
    if (Array.isArray(raw) && raw.every((v) => typeof v === 'number' && Number.isFinite(v))) vectors.push(raw as number[]);
  }
  return vectors;
}

/** cos(a, b) = a·b / (|a||b|); 0 when either vector is all zeros. Throws on different or zero lengths. */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError(`vectors differ in length (${a.length} vs ${b.length})`);
  if (a.length === 0) throw new RangeError('vectors are empty');
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  if (na === 0 || nb === 0) return 0;
  return dot / (Math.sqrt(na) * Math.sqrt(nb));
}

function clamp(value: number): number {
  return Math.max(-1, Math.min(1, value));
}

/** `usage.aigneHubCredits`, the credits the hub billed, when the answer has it (docs/hub-protocol.md §6). */
function billedCredits(json: unknown): number | undefined {
  const raw = (json as { usage?: { aigneHubCredits?: unknown } } | null)?.usage?.aigneHubCredits;
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** Prompt tokens when the answer reports usage (OpenAI-style `usage.prompt_tokens` or camelCase). */
function usageTokens(json: unknown): number | undefined {
  const usage = (json as { usage?: Record<string, unknown> } | null)?.usage;
  const raw = usage?.promptTokens ?? usage?.prompt_tokens ?? usage?.inputTokens;
  return typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 ? raw : undefined;
}
