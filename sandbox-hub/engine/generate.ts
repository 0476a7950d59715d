// What the sandbox chat models "say": a plan of content increments, token
// counts and tool calls, computed up front so every route (and every test)
// sees the same numbers.
import { contentText, countWords, promptTokens } from './billing';
import { PROSE_DEFAULT_TOKENS } from './models';
import type { SandboxModel } from './models';
import { createRandom, hashString } from './prng';

export interface ChatMessageIn {
  role: string;
  content?: unknown;
}

export interface ToolIn {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

export type ToolChoiceIn = 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };

export interface ChatRequest {
  messages: readonly ChatMessageIn[];
  maxTokens?: number | undefined;
  tools?: readonly ToolIn[] | undefined;
  toolChoice?: ToolChoiceIn | undefined;
  /** JSON mode: the `schema` of `responseFormat.jsonSchema`; the answer is then JSON that fits it. */
  jsonSchema?: Record<string, unknown> | undefined;
}

export interface PlannedToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: Record<string, unknown> };
}

export interface ChatPlan {
  /** Content increments, in order; joined they are the whole answer. */
  chunks: string[];
  toolCalls: PlannedToolCall[];
  promptTokens: number;
  completionTokens: number;
  /** JSON mode: the value the chunks spell, for routes that also send it parsed. */
  json?: unknown;
  /** Pause before each chunk (0 = as fast as the socket takes it). */
  chunkDelayMs: number;
}

const PROSE_WORDS = [
  'the',
  'quiet',
  'river',
  'carries',
  'light',
  'across',
  'a',
  'valley',
  'of',
  'stone',
  'and',
  'memory',
  'while',
  'small',
  'engines',
  'hum',
  'beneath',
  'patient',
  'bridges',
  'every',
  'morning',
  'brings',
  'new',
  'questions',
  'to',
  'old',
  'maps',
  'we',
  'measure',
  'time',
  'in',
  'tokens',
  'credits',
  'careful',
  'steps',
  'through',
  'sandbox',
  'gardens',
  'where',
  'nothing',
  'real',
  'is',
  'spent',
  'yet',
  'each',
  'answer',
  'arrives',
  'on',
  'schedule',
  'like',
  'trains',
  'under',
  'clear',
  'skies',
  'lanterns',
  'glow',
  'softly',
  'over',
  'ledgers',
  'that',
  'never',
  'lie',
  'keys',
  'open',
  'doors',
  'for',
  'curious',
  'minds',
] as const;

function lastUserText(messages: readonly ChatMessageIn[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message?.role === 'user') return contentText(message.content);
  }
  return '';
}

/** Deterministic prose: the same prompt and model give the same words. */
export function proseWords(seedText: string, count: number): string[] {
  const random = createRandom(hashString(seedText));
  const words: string[] = [];
  let sentenceLeft = 0;
  let sentences = 0;
  for (let i = 0; i < count; i++) {
    let word: string = random.pick(PROSE_WORDS);
    if (sentenceLeft === 0) {
      sentenceLeft = random.int(6, 14);
      word = word.charAt(0).toUpperCase() + word.slice(1);
    }
    sentenceLeft--;
    if (sentenceLeft === 0 || i === count - 1) {
      word += '.';
      // Paragraphs of six sentences, as long answers have (the renderer's Markdown cost depends on it).
      if (++sentences % 6 === 0 && i < count - 1) word += '\n\n';
    } else if (random.chance(0.08)) word += ',';
    words.push(word);
  }
  return words;
}

function toChunks(words: readonly string[]): string[] {
  return words.map((word, index) => (index === 0 ? word : ` ${word}`));
}

/** The tool the echo model calls, if the request asks for a tool call. */
function forcedTool(request: ChatRequest): ToolIn | undefined {
  const tools = request.tools ?? [];
  const choice = request.toolChoice;
  if (tools.length === 0 || choice === undefined || choice === 'none' || choice === 'auto') return undefined;
  if (choice === 'required') return tools[0];
  return tools.find((t) => t.function.name === choice.function.name) ?? tools[0];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The smallest value that fits a JSON Schema, with `text` in every string:
 * enough for the official SDK, which checks JSON-mode answers against the schema.
 */
export function sampleForSchema(schema: unknown, text: string, depth = 0): unknown {
  if (!isObject(schema) || depth > 8) return text;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if ('const' in schema) return schema.const;
  const variants = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(variants) && variants.length > 0) return sampleForSchema(variants[0], text, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const properties = isObject(schema.properties) ? schema.properties : {};
      return Object.fromEntries(Object.entries(properties).map(([name, sub]) => [name, sampleForSchema(sub, text, depth + 1)]));
    }
    case 'array': {
      const min = typeof schema.minItems === 'number' ? Math.min(schema.minItems, 10) : 0;
      return Array.from({ length: min }, () => sampleForSchema(schema.items, text, depth + 1));
    }
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? Math.ceil(schema.minimum) : 0;
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return text;
  }
}

export function planChat(model: SandboxModel, request: ChatRequest, options: { proseTokensPerSecond: number; callId: string }): ChatPlan {
  const prompt = promptTokens(request.messages);
  const userText = lastUserText(request.messages);
  const limit = request.maxTokens;

  if (model.model === 'echo') {
    const tool = forcedTool(request);
    if (tool) {
      // Echo "calls" the tool with the user's words as its argument.
      return {
        chunks: [],
        toolCalls: [
          { id: `call_${options.callId}`, type: 'function', function: { name: tool.function.name, arguments: { text: userText } } },
        ],
        promptTokens: prompt,
        completionTokens: countWords(userText),
        chunkDelayMs: 0,
      };
    }
    if (request.jsonSchema) {
      const json = sampleForSchema(request.jsonSchema, userText.trim() || '(empty)');
      const answer = JSON.stringify(json);
      return { chunks: [answer], toolCalls: [], promptTokens: prompt, completionTokens: countWords(answer), json, chunkDelayMs: 0 };
    }
    let words = userText.trim() === '' ? ['(empty)'] : userText.trim().split(/\s+/);
    if (limit !== undefined) words = words.slice(0, limit);
    return { chunks: toChunks(words), toolCalls: [], promptTokens: prompt, completionTokens: words.length, chunkDelayMs: 0 };
  }

  const count = limit ?? PROSE_DEFAULT_TOKENS[model.model] ?? 64;
  const words = proseWords(`${model.key}\n${userText}`, count);
  const tps = options.proseTokensPerSecond;
  return {
    chunks: toChunks(words),
    toolCalls: [],
    promptTokens: prompt,
    completionTokens: words.length,
    chunkDelayMs: tps > 0 ? 1000 / tps : 0,
  };
}
