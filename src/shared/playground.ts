import { z } from 'zod';
import { clientCallSchema } from './call-log';
import { errorValueSchema } from './error-schema';
import { DEFAULT_JSON_SCHEMA_NAME, JSON_SCHEMA_NAME_PATTERN } from './code-export';
import { hubModelSchema } from './keys';
import { MAX_ANSWER_CHARS } from './limits';

/**
 * The playground's contract: every value that crosses IPC for chat, models,
 * images, embeddings, conversations and the client call log. All of it is
 * plain JSON. No schema here carries a key secret: requests name a key by its
 * local id and the main process resolves it.
 */

const id = z.string().min(1).max(100);
const isoDate = z.iso.datetime({ offset: true });
const modelId = z.string().trim().min(1, 'Choose a model.').max(200);

// ---- chat request ----

export const chatRoleSchema = z.enum(['system', 'user', 'assistant']);
export type ChatRole = z.infer<typeof chatRoleSchema>;

export const chatMessageSchema = z.object({
  role: chatRoleSchema,
  content: z.string().max(1_000_000, 'This message is too long to send (over a million characters).'),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export { DEFAULT_JSON_SCHEMA_NAME, JSON_SCHEMA_NAME_PATTERN };

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `responseFormat.jsonSchema` as the hub and the framework require it:
 * `{name, schema, description?, strict?}` (docs/hub-protocol.md §5). A bare
 * JSON Schema (what older versions of the app saved) is wrapped under the
 * default name instead of being rejected.
 */
const jsonSchemaWrapperSchema = z.object({
  name: z.string().regex(JSON_SCHEMA_NAME_PATTERN, 'A schema name is 1–64 letters, digits, "_" or "-".'),
  schema: z.record(z.string(), z.unknown()),
  description: z.string().max(1000).optional(),
  strict: z.boolean().optional(),
});
const looksWrapped = (v: Record<string, unknown>) => typeof v.name === 'string' && isPlainObject(v.schema);
export const jsonSchemaFormatSchema = z.union([
  jsonSchemaWrapperSchema,
  z
    .record(z.string(), z.unknown())
    .refine((v) => !looksWrapped(v), 'A schema name is 1–64 letters, digits, "_" or "-".')
    .transform((schema) => ({ name: DEFAULT_JSON_SCHEMA_NAME, schema })),
]);
export type JsonSchemaFormat = z.infer<typeof jsonSchemaFormatSchema>;

export const responseFormatSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_schema'), jsonSchema: jsonSchemaFormatSchema }),
]);
export type ResponseFormat = z.infer<typeof responseFormatSchema>;

const between = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label} must be a number.` })
    .min(min, `${label} must be between ${min} and ${max}.`)
    .max(max, `${label} must be between ${min} and ${max}.`);

/** The hub's own ranges (docs/hub-protocol.md §5), checked here so the user sees the problem before a call is spent. */
export const chatParamsSchema = z.object({
  temperature: between('Temperature', 0, 2).optional(),
  topP: between('Top P', 0.1, 1).optional(),
  maxTokens: z
    .number({ error: 'Max tokens must be a number.' })
    .int('Max tokens must be a whole number.')
    .min(1, 'Max tokens must be at least 1.')
    .max(10_000_000, 'Max tokens is too large.')
    .optional(),
  presencePenalty: between('Presence penalty', -2, 2).optional(),
  frequencyPenalty: between('Frequency penalty', -2, 2).optional(),
  responseFormat: responseFormatSchema.optional(),
});
export type ChatParams = z.infer<typeof chatParamsSchema>;

export const chatRequestSchema = z.object({
  keyId: id,
  model: modelId,
  // Strict inside too: a misspelt parameter is refused, not silently dropped (stored conversations stay lenient).
  messages: z.array(chatMessageSchema.strict()).min(1, 'Write a message first.').max(1000, 'Keep a conversation under 1,000 messages.'),
  params: chatParamsSchema.strict().default({}),
  /** Chosen by the caller so it can stop the stream before the first event. */
  streamId: id.optional(),
});
export type ChatRequestInput = z.input<typeof chatRequestSchema>;
export type ChatRequest = z.output<typeof chatRequestSchema>;

// ---- chat events and result ----

/** A tool call as the hub streams it; `arguments` is JSON text. */
export const toolCallSchema = z.object({
  id: z.string(),
  type: z.string(),
  function: z.object({ name: z.string(), arguments: z.string() }),
});
export type ToolCall = z.infer<typeof toolCallSchema>;

/**
 * Measured in the main process for every answer. Token counts come from the
 * hub's last usage event (null when it sent none, e.g. a stopped stream).
 * `estimatedCredits` is an ESTIMATE from the model's published rates; the hub
 * does not send credits per chat call. Null when rates or tokens are unknown.
 */
export const chatMetricsSchema = z.object({
  /** Request sent → first content (or tool-call) delta. */
  ttftMs: z.number().nonnegative().nullable(),
  /** Request sent → end of the answer. */
  durationMs: z.number().nonnegative(),
  promptTokens: z.number().int().nonnegative().nullable(),
  completionTokens: z.number().int().nonnegative().nullable(),
  totalTokens: z.number().int().nonnegative().nullable(),
  /** completionTokens / (duration − ttft); null when it cannot be measured meaningfully. */
  tokensPerSecond: z.number().nonnegative().nullable(),
  estimatedCredits: z.number().nonnegative().nullable(),
  /** The hub's own `server-timing` figures, when it sent them. */
  serverTiming: z.object({ sessionMs: z.number().optional(), totalMs: z.number().optional() }).optional(),
});
export type ChatMetrics = z.infer<typeof chatMetricsSchema>;

/** Text appended since the previous delta event; `toolCalls` is the whole list so far (replace). At most one per frame. */
export const chatDeltaEventSchema = z.object({
  streamId: id,
  text: z.string(),
  toolCalls: z.array(toolCallSchema).optional(),
});
export type ChatDeltaEvent = z.infer<typeof chatDeltaEventSchema>;

export const chatStatusSchema = z.enum(['success', 'failed', 'stopped']);
export type ChatStatus = z.infer<typeof chatStatusSchema>;

/**
 * How every stream ends (also the "done" event). `text` is everything received,
 * kept on stop and on failure; `error` is set when status is `failed`.
 */
export const chatResultSchema = z.object({
  streamId: id,
  /** The client call log entry's id; also sent to the hub as `x-request-id`. Absent when no request was sent. */
  callId: z.string().optional(),
  model: z.string(),
  status: chatStatusSchema,
  text: z.string(),
  toolCalls: z.array(toolCallSchema),
  metrics: chatMetricsSchema,
  error: errorValueSchema.optional(),
});
export type ChatResult = z.infer<typeof chatResultSchema>;
export const chatDoneEventSchema = chatResultSchema;
export type ChatDoneEvent = ChatResult;

export const chatStartResultSchema = z.object({ streamId: id });
export type ChatStartResult = z.infer<typeof chatStartResultSchema>;
export const chatStopInputSchema = z.object({ streamId: id });
export const chatStopResultSchema = z.object({ stopped: z.boolean() });
export type ChatStopResult = z.infer<typeof chatStopResultSchema>;

// ---- models ----

export const modelTypeSchema = z.enum(['chat', 'image', 'embedding', 'video']);
export type PlaygroundModelType = z.infer<typeof modelTypeSchema>;

/** Models of the hub a key belongs to (or of a hub by id). */
export const listModelsInputSchema = z
  .object({ keyId: id.optional(), hubId: id.optional(), type: modelTypeSchema.optional(), refresh: z.boolean().optional() })
  .refine((v) => v.keyId !== undefined || v.hubId !== undefined, { message: 'Choose a key or a hub first.' });
export type ListModelsInput = z.infer<typeof listModelsInputSchema>;

export const modelGroupSchema = z.object({
  provider: z.string(),
  providerDisplayName: z.string(),
  models: z.array(hubModelSchema),
});
export type ModelGroup = z.infer<typeof modelGroupSchema>;

export const listModelsResultSchema = z.object({
  models: z.array(hubModelSchema),
  groups: z.array(modelGroupSchema),
  fetchedAt: isoDate,
});
export type ListModelsResult = z.infer<typeof listModelsResultSchema>;

// ---- images ----

export const imageRequestSchema = z.object({
  keyId: id,
  model: modelId,
  prompt: z.string().trim().min(1, 'Describe the image first.').max(4000, 'Keep the prompt under 4,000 characters.'),
  size: z
    .string()
    .regex(/^\d{1,5}x\d{1,5}$/, 'Size looks like 1024x1024.')
    .optional(),
  n: z.number().int().min(1, 'Ask for at least 1 image.').max(10, 'Ask for at most 10 images.').optional(),
});
export type ImageRequest = z.infer<typeof imageRequestSchema>;

export const generatedImageSchema = z.object({
  mimeType: z.string(),
  /** The image bytes, base64 (ready for a `data:` URL). */
  base64: z.string(),
  bytes: z.number().int().nonnegative(),
});
export type GeneratedImage = z.infer<typeof generatedImageSchema>;

export const imageResultSchema = z.object({
  callId: z.string(),
  model: z.string(),
  images: z.array(generatedImageSchema),
  durationMs: z.number().nonnegative(),
  /** Credits for the call: what the hub reported, else an estimate from the rate; null when neither is known. */
  credits: z.number().nonnegative().nullable(),
  creditsAreEstimate: z.boolean(),
});
export type ImageResult = z.infer<typeof imageResultSchema>;

// ---- embeddings ----

const embeddingText = z.string().min(1, 'Enter some text to embed.').max(200_000, 'This text is too long to embed here.');

export const embedRequestSchema = z.object({ keyId: id, model: modelId, input: embeddingText });
export type EmbedRequest = z.infer<typeof embedRequestSchema>;

export const embeddingResultSchema = z.object({
  callId: z.string(),
  model: z.string(),
  dimension: z.number().int().nonnegative(),
  /** The first values, for display. */
  preview: z.array(z.number()),
  vector: z.array(z.number()),
  durationMs: z.number().nonnegative(),
});
export type EmbeddingResult = z.infer<typeof embeddingResultSchema>;

export const compareTextsRequestSchema = z.object({ keyId: id, model: modelId, a: embeddingText, b: embeddingText });
export type CompareTextsRequest = z.infer<typeof compareTextsRequestSchema>;

export const compareTextsResultSchema = z.object({
  model: z.string(),
  /** Cosine similarity in [-1, 1]. */
  similarity: z.number().min(-1).max(1),
  dimension: z.number().int().nonnegative(),
  previewA: z.array(z.number()),
  previewB: z.array(z.number()),
  durationMs: z.number().nonnegative(),
  callIds: z.array(z.string()),
});
export type CompareTextsResult = z.infer<typeof compareTextsResultSchema>;

// ---- conversations ----

export const conversationMessageSchema = z.object({
  id,
  role: chatRoleSchema,
  content: z.string(),
  createdAt: isoDate,
  /** The model that answered (assistant messages). */
  model: z.string().optional(),
  status: chatStatusSchema.optional(),
  metrics: chatMetricsSchema.optional(),
  toolCalls: z.array(toolCallSchema).optional(),
  error: errorValueSchema.optional(),
});
export type ConversationMessage = z.infer<typeof conversationMessageSchema>;

const boundedToolCall = z.object({
  id: z.string().max(200),
  type: z.string().max(50),
  function: z.object({ name: z.string().max(200), arguments: z.string().max(MAX_ANSWER_CHARS) }),
});

/** A message to add: id and time are filled in when missing. Bounded, as every input is. */
export const newConversationMessageSchema = conversationMessageSchema.extend({
  id: id.optional(),
  createdAt: isoDate.optional(),
  content: z.string().max(MAX_ANSWER_CHARS, 'This message is too long to save.'),
  model: z.string().max(200).optional(),
  toolCalls: z.array(boundedToolCall).max(100).optional(),
  error: errorValueSchema.extend({ message: z.string().max(10_000) }).optional(),
});
const newMessages = z.array(newConversationMessageSchema).max(1000, 'Keep a conversation under 1,000 messages.');
export type NewConversationMessage = z.infer<typeof newConversationMessageSchema>;

/** Running totals over the assistant messages' metrics. */
export const conversationTotalsSchema = z.object({
  promptTokens: z.number().int().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
  totalTokens: z.number().int().nonnegative(),
  /** Sum of the per-message estimates; null when no message had one. */
  estimatedCredits: z.number().nonnegative().nullable(),
});
export type ConversationTotals = z.infer<typeof conversationTotalsSchema>;

const conversationTitle = z.string().trim().min(1, 'Give it a title.').max(200, 'Use at most 200 characters.');

export const conversationSummarySchema = z.object({
  id,
  title: z.string(),
  model: z.string(),
  createdAt: isoDate,
  updatedAt: isoDate,
  messageCount: z.number().int().nonnegative(),
  totals: conversationTotalsSchema,
});
export type ConversationSummary = z.infer<typeof conversationSummarySchema>;

/** A saved conversation. `keyId` is the app's local id of a key, never the key itself. */
export const conversationSchema = conversationSummarySchema.extend({
  keyId: id.optional(),
  params: chatParamsSchema,
  messages: z.array(conversationMessageSchema),
});
export type Conversation = z.infer<typeof conversationSchema>;

export const createConversationInputSchema = z.object({
  title: conversationTitle.optional(),
  model: modelId,
  keyId: id.optional(),
  params: chatParamsSchema.optional(),
  messages: newMessages.optional(),
});
export type CreateConversationInput = z.input<typeof createConversationInputSchema>;

export const conversationIdInputSchema = z.object({ id });
export const renameConversationInputSchema = z.object({ id, title: conversationTitle });
export const updateConversationInputSchema = z.object({
  id,
  title: conversationTitle.optional(),
  model: modelId.optional(),
  keyId: id.optional(),
  params: chatParamsSchema.optional(),
});
export type UpdateConversationInput = z.input<typeof updateConversationInputSchema>;
export const appendMessagesInputSchema = z.object({ id, messages: newMessages.min(1) });
export const replaceMessagesInputSchema = z.object({ id, messages: newMessages });
export const searchConversationsInputSchema = z.object({ query: z.string().max(200) });

export const conversationSearchHitSchema = conversationSummarySchema.extend({
  /** A short excerpt around the first match in a message (absent when only the title matched). */
  snippet: z.string().optional(),
  messageId: z.string().optional(),
});
export type ConversationSearchHit = z.infer<typeof conversationSearchHitSchema>;

export const exportConversationInputSchema = z.object({ id, format: z.enum(['markdown', 'json']) });
export type ConversationExportFormat = z.infer<typeof exportConversationInputSchema>['format'];
export const exportedFileSchema = z.object({ filename: z.string(), mimeType: z.string(), text: z.string() });
export type ExportedFile = z.infer<typeof exportedFileSchema>;

// ---- code export ----

export const codeExportInputSchema = z.object({
  request: z.object({ model: modelId, messages: z.array(chatMessageSchema).min(1).max(1000), params: chatParamsSchema.default({}) }),
  /** `sdk` is the hub's own SDK (@aigne/aigne-hub), `cli` the `aigne` CLI. */
  format: z.enum(['curl', 'javascript', 'python', 'sdk', 'cli']),
  /** Used as the literal fallback when AIGNE_HUB_API_URL is unset. */
  mountUrl: z.url().max(2048).optional(),
  stream: z.boolean().optional(),
  /** The key's id, so SDK and CLI snippets count their calls under it (never the secret). */
  accessKeyId: z.string().max(200).optional(),
});
export type CodeExportInput = z.input<typeof codeExportInputSchema>;
export const codeExportResultSchema = z.object({ code: z.string() });

// ---- client call log ----

export const callLogQuerySchema = z.object({
  /** Inclusive ISO bounds on `startedAt`. */
  from: isoDate.optional(),
  to: isoDate.optional(),
  /** Or a half-open range [start, end) in UTC milliseconds (the usage service's form). */
  start: z.number().optional(),
  end: z.number().optional(),
  hubId: id.optional(),
  keyId: id.optional(),
  model: z.string().optional(),
  kind: z.enum(['chat', 'image', 'embedding']).optional(),
  status: z.enum(['success', 'failed', 'stopped']).optional(),
  /** The most recent N matches (still returned oldest first). */
  limit: z.number().int().min(1).max(10_000).optional(),
});
export type CallLogQuery = z.infer<typeof callLogQuerySchema>;
export const callLogListResultSchema = z.array(clientCallSchema);
