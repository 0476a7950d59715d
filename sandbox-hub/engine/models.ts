// The sandbox's model catalogue. Every model answers locally and
// deterministically; the provider id `sandbox` can never be mistaken for a
// real provider (docs/hub-protocol.md §9).

export const SANDBOX_PROVIDER = 'sandbox';
export const SANDBOX_PROVIDER_DISPLAY_NAME = 'Sandbox (local, no provider)';
/**
 * The provider row's database id. A real hub's `providerId` is such a long
 * numeric string, never the provider's name; records and lists carry the
 * name only in a separate `provider` object.
 */
export const SANDBOX_PROVIDER_ID = '401822736618127360';

/** The `provider` object the hub joins onto call records and model stats. */
export function providerInfo(providerId: string): { id: string; name: string; displayName: string } {
  if (providerId === SANDBOX_PROVIDER_ID) return { id: providerId, name: SANDBOX_PROVIDER, displayName: SANDBOX_PROVIDER_DISPLAY_NAME };
  return { id: providerId, name: providerId, displayName: providerId };
}

export type ModelType = 'chat' | 'image_generation' | 'embedding';

export interface SandboxModel {
  /** `provider/model`, the id clients send. */
  key: string;
  model: string;
  type: ModelType;
  /** Credits per token as the hub sends them with billing on: numeric strings. */
  inputRate: string;
  /** Credits per output token; for image models, credits per image. */
  outputRate: string;
  metadata: {
    maxTokens?: number;
    features?: ('tools' | 'thinking' | 'vision')[];
    imageGeneration?: { max: number; quality: string[]; size: string[]; style: string[] };
    dimensions?: number;
  };
  description: string;
  /** Set when the hub's model check failed: listed unavailable with this error, and calls fail at the "provider". */
  checkError?: { code: string; message: string };
}

export const SANDBOX_MODELS: readonly SandboxModel[] = [
  {
    key: 'sandbox/echo',
    model: 'echo',
    type: 'chat',
    inputRate: '0.000002',
    outputRate: '0.000008',
    metadata: { maxTokens: 8192, features: ['tools'] },
    description: 'Echoes the last user message back, word by word, instantly.',
  },
  {
    key: 'sandbox/prose',
    model: 'prose',
    type: 'chat',
    inputRate: '0.000003',
    outputRate: '0.000015',
    metadata: { maxTokens: 32768 },
    description: 'Streams generated prose (64 tokens unless maxTokens says otherwise) at a steady pace.',
  },
  {
    key: 'sandbox/prose-mini',
    model: 'prose-mini',
    type: 'chat',
    inputRate: '0.0000005',
    outputRate: '0.000002',
    metadata: { maxTokens: 2048 },
    description: 'A cheaper prose model: 24 tokens unless maxTokens says otherwise.',
  },
  {
    key: 'sandbox/offline',
    model: 'offline',
    type: 'chat',
    inputRate: '0.000002',
    outputRate: '0.000008',
    metadata: { maxTokens: 8192 },
    description: 'A model whose last check failed, as a real hub lists one; calls to it fail.',
    checkError: {
      code: 'MODEL_UNAVAILABLE',
      message: 'The sandbox provider reported this model as unavailable (a simulated check failure).',
    },
  },
  {
    key: 'sandbox/pixel',
    model: 'pixel',
    type: 'image_generation',
    inputRate: '0',
    outputRate: '0.04',
    metadata: {
      imageGeneration: { max: 4, quality: ['standard'], size: ['64x64', '256x256'], style: ['natural'] },
    },
    description: 'A small generated PNG, a pattern derived from the prompt.',
  },
  {
    key: 'sandbox/embed',
    model: 'embed',
    type: 'embedding',
    inputRate: '0.0000001',
    outputRate: '0',
    metadata: { dimensions: 16 },
    description: 'Deterministic 16-dimension unit vectors derived from the text.',
  },
];

/** Default output length of the prose models when the request sets no maxTokens. */
export const PROSE_DEFAULT_TOKENS: Record<string, number> = { prose: 64, 'prose-mini': 24 };

export function findModel(key: string): SandboxModel | undefined {
  return SANDBOX_MODELS.find((m) => m.key === key);
}

/** `provider/model` split the way the hub does it; a bare name has no provider. */
export function splitModelId(id: string): { provider: string | undefined; model: string } {
  const slash = id.indexOf('/');
  if (slash < 0) return { provider: undefined, model: id };
  return { provider: id.slice(0, slash), model: id.slice(slash + 1) };
}

export type ModelLookup = { ok: true; model: SandboxModel } | { ok: false; status: 400 | 404; message: string };

/**
 * Resolves a requested model for a route the way the hub's rate check does:
 * unknown provider → 404, unknown model (or wrong kind for the route) → 400.
 */
export function resolveModel(id: string, type: ModelType): ModelLookup {
  const { provider, model } = splitModelId(id);
  if (provider !== undefined && provider !== SANDBOX_PROVIDER) {
    // The real hub's message here reads "Provider undefined not found" (it
    // interpolates the wrong variable); the sandbox names the provider.
    return { ok: false, status: 404, message: `Provider ${provider} not found` };
  }
  const found = SANDBOX_MODELS.find((m) => m.model === model && m.type === type);
  if (!found) return { ok: false, status: 400, message: `Unsupported model ${model}` };
  return { ok: true, model: found };
}

const TYPE_QUERY: Record<string, ModelType> = {
  chat: 'chat',
  chatCompletion: 'chat',
  image: 'image_generation',
  image_generation: 'image_generation',
  imageGeneration: 'image_generation',
  embedding: 'embedding',
  embeddings: 'embedding',
};

/**
 * `GET /api/ai/models?type=`: with billing on, the form the official SDK
 * accepts (rates as numeric strings, `status` an object whose `error` is an
 * object `{code, message}`); with billing off, numbers and `'active'`.
 */
export function listModels(typeQuery: string | null, nowMs: number, billing: 'on' | 'off' = 'on'): object[] {
  let models: readonly SandboxModel[] = SANDBOX_MODELS;
  if (typeQuery) {
    const type = TYPE_QUERY[typeQuery];
    models = type ? SANDBOX_MODELS.filter((m) => m.type === type) : [];
  }
  return models.map((m) => ({
    key: m.key,
    model: m.model,
    type: m.type,
    provider: SANDBOX_PROVIDER,
    providerId: SANDBOX_PROVIDER_ID,
    providerDisplayName: SANDBOX_PROVIDER_DISPLAY_NAME,
    description: m.description,
    input_credits_per_token: billing === 'on' ? m.inputRate : Number(m.inputRate),
    output_credits_per_token: billing === 'on' ? m.outputRate : Number(m.outputRate),
    modelMetadata: m.metadata,
    status:
      billing === 'off'
        ? 'active'
        : m.checkError
          ? { available: false, error: m.checkError, responseTime: 1, lastChecked: new Date(nowMs).toISOString() }
          : { available: true, responseTime: 1, lastChecked: new Date(nowMs).toISOString() },
  }));
}
