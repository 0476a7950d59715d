// Validation of `/api/v2/chat/completions` bodies, mirroring the hub's Joi
// schema: camelCase keys, unknown keys dropped, numeric strings converted,
// the first failure reported with Joi's wording (`"temperature" must be less
// than or equal to 2`).
import type { ChatMessageIn, ToolChoiceIn, ToolIn } from './generate';

export interface CompletionsInput {
  model: string;
  messages: ChatMessageIn[];
  stream?: boolean;
  temperature?: number;
  topP?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  maxTokens?: number;
  tools?: ToolIn[];
  toolChoice?: ToolChoiceIn;
  responseFormat?: { type?: string; jsonSchema?: JsonSchemaFormat };
}

/** The hub's (and the framework's) `responseFormat.jsonSchema`: a named wrapper, never a bare JSON Schema. */
export interface JsonSchemaFormat {
  name: string;
  schema: Record<string, unknown>;
  description?: string;
  strict?: boolean;
}

export type Validation<T> = { ok: true; value: T } | { ok: false; message: string };

/** The hub's default when a body names no model (Joi `.default('gpt-3.5-turbo')`). */
export const COMPLETIONS_DEFAULT_MODEL = 'gpt-3.5-turbo';

class Invalid extends Error {}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const empty = (v: unknown): boolean => v === undefined || v === null || v === '';

function number(label: string, value: unknown, min: number, max: number, integer = false): number | undefined {
  if (empty(value)) return undefined;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new Invalid(`"${label}" must be a number`);
  if (integer && !Number.isInteger(n)) throw new Invalid(`"${label}" must be an integer`);
  if (n < min) throw new Invalid(`"${label}" must be greater than or equal to ${min}`);
  if (n > max) throw new Invalid(`"${label}" must be less than or equal to ${max}`);
  return n;
}

function boolean(label: string, value: unknown): boolean | undefined {
  if (empty(value)) return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (typeof value !== 'boolean') throw new Invalid(`"${label}" must be a boolean`);
  return value;
}

function string(label: string, value: unknown, required: boolean, allowEmpty = true): string | undefined {
  if (value === undefined || (!allowEmpty && (value === null || value === ''))) {
    if (required) throw new Invalid(`"${label}" is required`);
    return undefined;
  }
  if (value === null && allowEmpty) return '';
  if (typeof value !== 'string') throw new Invalid(`"${label}" must be a string`);
  return value;
}

function oneOf(label: string, value: unknown, allowed: readonly string[]): string {
  if (value === undefined) throw new Invalid(`"${label}" is required`);
  if (typeof value !== 'string' || !allowed.includes(value)) {
    throw new Invalid(`"${label}" must be ${allowed.length === 1 ? `[${allowed[0]}]` : `one of [${allowed.join(', ')}]`}`);
  }
  return value;
}

function userContent(label: string, value: unknown): unknown {
  if (value === undefined) throw new Invalid(`"${label}" is required`);
  if (value === null || typeof value === 'string') return value ?? '';
  if (!Array.isArray(value)) throw new Invalid(`"${label}" does not match any of the allowed types`);
  return value.map((part, i) => {
    const at = `${label}[${i}]`;
    if (!isRecord(part)) throw new Invalid(`"${at}" must be of type object`);
    const type = oneOf(`${at}.type`, part.type, ['text', 'image_url']);
    if (type === 'text') return { type, text: string(`${at}.text`, part.text, true) };
    if (!isRecord(part.imageUrl)) throw new Invalid(`"${at}.imageUrl" is required`);
    return { type, imageUrl: { url: string(`${at}.imageUrl.url`, part.imageUrl.url, true) } };
  });
}

function message(label: string, raw: unknown): ChatMessageIn {
  if (!isRecord(raw)) throw new Invalid(`"${label}" must be of type object`);
  const role = oneOf(`${label}.role`, raw.role, ['system', 'user', 'assistant', 'tool']);
  switch (role) {
    case 'system':
      return { role, content: string(`${label}.content`, raw.content, true) };
    case 'user':
      return { role, content: userContent(`${label}.content`, raw.content) };
    case 'assistant':
      return { role, content: string(`${label}.content`, raw.content, false) ?? '' };
    default: {
      const content = string(`${label}.content`, raw.content, true);
      string(`${label}.toolCallId`, raw.toolCallId, true, false);
      return { role, content };
    }
  }
}

function tools(value: unknown): ToolIn[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new Invalid('"tools" must be an array');
  return value.map((raw, i) => {
    const at = `tools[${i}]`;
    if (!isRecord(raw)) throw new Invalid(`"${at}" must be of type object`);
    oneOf(`${at}.type`, raw.type, ['function']);
    if (!isRecord(raw.function)) throw new Invalid(`"${at}.function" is required`);
    const name = string(`${at}.function.name`, raw.function.name, true, false) ?? '';
    if (!isRecord(raw.function.parameters)) throw new Invalid(`"${at}.function.parameters" is required`);
    const description = typeof raw.function.description === 'string' ? raw.function.description : undefined;
    return { type: 'function' as const, function: { name, description, parameters: raw.function.parameters } };
  });
}

function toolChoice(value: unknown): ToolChoiceIn | undefined {
  if (value === undefined) return undefined;
  if (value === 'auto' || value === 'none' || value === 'required') return value;
  if (isRecord(value) && value.type === 'function' && isRecord(value.function) && typeof value.function.name === 'string') {
    return { type: 'function', function: { name: value.function.name } };
  }
  throw new Invalid('"toolChoice" does not match any of the allowed types');
}

/** Joi object rules: required `name` and `schema`, optional `description`/`strict`, other keys stripped. */
function jsonSchemaFormat(value: unknown): JsonSchemaFormat | undefined {
  const label = 'responseFormat.jsonSchema';
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw new Invalid(`"${label}" must be of type object`);
  const name = string(`${label}.name`, value.name, true, false) ?? '';
  if (value.schema === undefined) throw new Invalid(`"${label}.schema" is required`);
  if (!isRecord(value.schema)) throw new Invalid(`"${label}.schema" must be of type object`);
  const format: JsonSchemaFormat = { name, schema: value.schema };
  const description = string(`${label}.description`, value.description, false, false);
  if (description !== undefined) format.description = description;
  const strict = boolean(`${label}.strict`, value.strict);
  if (strict !== undefined) format.strict = strict;
  return format;
}

function responseFormat(value: unknown): CompletionsInput['responseFormat'] {
  if (value === undefined) return undefined;
  if (!isRecord(value)) throw new Invalid('"responseFormat" must be of type object');
  const jsonSchema = jsonSchemaFormat(value.jsonSchema);
  if (empty(value.type)) return jsonSchema ? { jsonSchema } : {};
  const type = oneOf('responseFormat.type', value.type, ['text', 'json_object', 'json_schema']);
  return jsonSchema ? { type, jsonSchema } : { type };
}

/** Validates and normalises a completions body; `prompt` becomes one user message. */
export function validateCompletions(body: unknown): Validation<CompletionsInput> {
  try {
    if (!isRecord(body)) throw new Invalid('"value" must be of type object');
    const model = string('model', body.model, false, false) ?? COMPLETIONS_DEFAULT_MODEL;
    const prompt = string('prompt', body.prompt, false, false);
    let messages: ChatMessageIn[] | undefined;
    if (body.messages !== undefined) {
      if (!Array.isArray(body.messages)) throw new Invalid('"messages" must be an array');
      messages = body.messages.map((m, i) => message(`messages[${i}]`, m));
      if (messages.length === 0) throw new Invalid('"messages" must contain at least 1 items');
    }
    const value: CompletionsInput = { model, messages: [] };
    const stream = boolean('stream', body.stream);
    if (stream !== undefined) value.stream = stream;
    const temperature = number('temperature', body.temperature, 0, 2);
    if (temperature !== undefined) value.temperature = temperature;
    const topP = number('topP', body.topP, 0.1, 1);
    if (topP !== undefined) value.topP = topP;
    const presencePenalty = number('presencePenalty', body.presencePenalty, -2, 2);
    if (presencePenalty !== undefined) value.presencePenalty = presencePenalty;
    const frequencyPenalty = number('frequencyPenalty', body.frequencyPenalty, -2, 2);
    if (frequencyPenalty !== undefined) value.frequencyPenalty = frequencyPenalty;
    const maxTokens = number('maxTokens', body.maxTokens, 1, Number.MAX_SAFE_INTEGER, true);
    if (maxTokens !== undefined) value.maxTokens = maxTokens;
    const toolList = tools(body.tools);
    if (toolList && toolList.length > 0) value.tools = toolList;
    const choice = toolChoice(body.toolChoice);
    if (choice !== undefined) value.toolChoice = choice;
    const format = responseFormat(body.responseFormat);
    if (format !== undefined) value.responseFormat = format;

    if (prompt === undefined && messages === undefined) throw new Invalid('"value" must contain at least one of [prompt, messages]');
    if (prompt !== undefined && messages !== undefined) {
      throw new Invalid('"value" contains a conflict between exclusive peers [prompt, messages]');
    }
    value.messages = messages ?? [{ role: 'user', content: prompt ?? '' }];
    return { ok: true, value };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, message: error.message };
    throw error;
  }
}
