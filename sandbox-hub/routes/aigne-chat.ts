// `POST {mount}/api/v2/chat`: the AIGNE framework protocol the official
// `@aigne/aigne-hub` SDK speaks (its BaseClient posts `{input, agent, options}`).
// Non-streaming answers are the model output as JSON; streaming answers are
// SSE deltas `{"delta":{"text":{"text":…}}}` / `{"delta":{"json":{…}}}`, with
// errors as `event: error` (the framework's AgentResponseStreamSSE format).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AnswerSink, AnswerTotals } from './answer';
import { serveChat } from './chat-route';
import type { HubContext } from '../state/context';
import type { ChatMessageIn, PlannedToolCall, ToolChoiceIn, ToolIn } from '../engine/generate';
import { sendJson, startEventStream, writeEvent } from './http';
import { isRecord } from './preflight';
import type { Validation } from '../engine/validate';

/** The hub's default for a framework call that names no model. */
const FRAMEWORK_DEFAULT_MODEL = 'openai/gpt-5-mini';
const ROLES = new Set(['system', 'user', 'agent', 'tool']);

interface FrameworkCall {
  model: string;
  streaming: boolean;
  messages: ChatMessageIn[];
  maxTokens?: number;
  tools?: ToolIn[];
  toolChoice?: ToolChoiceIn;
  jsonSchema?: Record<string, unknown>;
}

/** The framework ChatModel's rule: `json_schema` needs `jsonSchema: {name, schema, description?, strict?}`. */
function jsonSchemaOf(format: unknown): Validation<Record<string, unknown> | undefined> {
  if (format === undefined || format === null) return { ok: true, value: undefined };
  if (!isRecord(format)) return { ok: false, message: 'Validation error: "responseFormat" must be an object' };
  if (format.type !== 'json_schema') return { ok: true, value: undefined };
  const wrapper = format.jsonSchema;
  if (!isRecord(wrapper) || typeof wrapper.name !== 'string') {
    return { ok: false, message: 'Validation error: "responseFormat.jsonSchema.name" is required' };
  }
  if (!isRecord(wrapper.schema)) return { ok: false, message: 'Validation error: "responseFormat.jsonSchema.schema" is required' };
  return { ok: true, value: wrapper.schema };
}

function modelOf(body: unknown): string {
  if (!isRecord(body)) return FRAMEWORK_DEFAULT_MODEL;
  const options = isRecord(body.input) && isRecord(body.input.modelOptions) ? body.input.modelOptions : {};
  if (typeof options.model === 'string' && options.model) return options.model;
  return typeof body.model === 'string' && body.model ? body.model : FRAMEWORK_DEFAULT_MODEL;
}

function parseFrameworkCall(body: unknown): Validation<FrameworkCall> {
  if (!isRecord(body)) return { ok: false, message: 'Request body is required' };
  const options = body.options;
  if (options !== undefined && options !== null && !isRecord(options)) {
    return { ok: false, message: 'Validation error: "options" must be of type object' };
  }
  const streaming = isRecord(options) ? options.streaming : undefined;
  if (streaming !== undefined && streaming !== null && typeof streaming !== 'boolean') {
    return { ok: false, message: 'Validation error: "options.streaming" must be a boolean' };
  }
  const input = isRecord(body.input) ? body.input : {};
  const messages = input.messages;
  if (!Array.isArray(messages) || !messages.every((m) => isRecord(m) && typeof m.role === 'string' && ROLES.has(m.role))) {
    return { ok: false, message: 'Invalid input: "messages" must be an array of {role: system|user|agent|tool, content}' };
  }
  const value: FrameworkCall = { model: modelOf(body), streaming: streaming === true, messages: messages as ChatMessageIn[] };
  const modelOptions = isRecord(input.modelOptions) ? input.modelOptions : {};
  if (typeof modelOptions.maxTokens === 'number' && modelOptions.maxTokens >= 1) value.maxTokens = Math.floor(modelOptions.maxTokens);
  if (Array.isArray(input.tools)) value.tools = input.tools as ToolIn[];
  if (input.toolChoice !== undefined) value.toolChoice = input.toolChoice as ToolChoiceIn;
  const jsonSchema = jsonSchemaOf(input.responseFormat);
  if (!jsonSchema.ok) return jsonSchema;
  if (jsonSchema.value) value.jsonSchema = jsonSchema.value;
  return { ok: true, value };
}

function usageOf(totals: AnswerTotals) {
  return {
    inputTokens: totals.promptTokens,
    outputTokens: totals.completionTokens,
    aigneHubCredits: totals.credits,
    modelCallId: totals.callId,
  };
}

function streamingSink(res: ServerResponse): AnswerSink {
  startEventStream(res);
  return {
    delta(text, toolCalls: readonly PlannedToolCall[]) {
      if (text) writeEvent(res, { delta: { text: { text } } });
      if (toolCalls.length) writeEvent(res, { delta: { json: { toolCalls } } });
    },
    finish(totals) {
      const json = totals.json !== undefined ? { json: totals.json } : {};
      writeEvent(res, { delta: { json: { ...json, usage: usageOf(totals), model: totals.model.key } } });
      res.end();
    },
    midStreamError(message) {
      writeEvent(res, { message }, 'error');
      res.end();
    },
    malformed() {
      res.end('data: {"delta":{"text":{"text":"unterminated\n\n');
    },
  };
}

function jsonSink(res: ServerResponse): AnswerSink {
  let text = '';
  let toolCalls: readonly PlannedToolCall[] = [];
  return {
    delta(chunk, calls) {
      text += chunk;
      if (calls.length) toolCalls = calls;
    },
    finish(totals) {
      sendJson(res, 200, {
        ...(text ? { text } : {}),
        ...(toolCalls.length ? { toolCalls } : {}),
        ...(totals.json !== undefined ? { json: totals.json } : {}),
        usage: usageOf(totals),
        model: totals.model.key,
      });
    },
    midStreamError(message) {
      // AIGNEHTTPServer turns a failed invocation into {error:{message}} with status 500.
      sendJson(res, 500, { error: { message } });
    },
    malformed() {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(`{"text":${JSON.stringify(text).slice(0, -1)}`);
    },
  };
}

export function handleFrameworkChat(ctx: HubContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  return serveChat(ctx, req, res, {
    endpoint: '/api/v2/chat',
    modelId: modelOf,
    parse: parseFrameworkCall,
    sink: (call) => (call.streaming ? streamingSink(res) : jsonSink(res)),
  });
}
