// `POST {mount}/api/v2/chat/completions` in its three modes (docs/hub-protocol.md §5):
// JSON, SSE (whenever Accept lists text/event-stream) and raw text
// (`stream: true` without SSE). No `[DONE]`: an SSE answer ends by closing.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AnswerSink, AnswerTotals } from './answer';
import { serveChat } from './chat-route';
import type { HubContext } from '../state/context';
import type { PlannedToolCall } from '../engine/generate';
import { sendJson, startEventStream, wantsEventStream, writeEvent } from './http';
import { bodyModel } from './preflight';
import { validateCompletions } from '../engine/validate';

/** Tool calls on this route carry `arguments` as a JSON string, as OpenAI-style clients expect. */
function wireToolCalls(toolCalls: readonly PlannedToolCall[]) {
  return toolCalls.map((t) => ({
    id: t.id,
    type: t.type,
    function: { name: t.function.name, arguments: JSON.stringify(t.function.arguments) },
  }));
}

function sseSink(res: ServerResponse, startedAt: number, sessionMs: number): AnswerSink {
  startEventStream(res);
  return {
    delta(text, toolCalls) {
      writeEvent(res, { delta: { role: 'assistant', content: text, toolCalls: wireToolCalls(toolCalls) } });
    },
    finish(totals: AnswerTotals) {
      const { promptTokens, completionTokens } = totals;
      writeEvent(res, { usage: { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens } });
      const total = Math.round(performance.now() - startedAt);
      writeEvent(res, `session;dur=${sessionMs}, total;dur=${total}`, 'server-timing');
      res.end();
    },
    midStreamError(message) {
      writeEvent(res, { error: { message } });
      res.end();
    },
    malformed() {
      res.write('data: {"delta":{"role":"assistant","content":"unterminated\n\n');
      res.end();
    },
  };
}

function rawTextSink(res: ServerResponse): AnswerSink {
  // The hub writes raw deltas without setting a content type.
  res.writeHead(200, { 'Cache-Control': 'no-cache', 'X-Accel-Buffering': 'no' });
  return {
    delta: (text) => {
      if (text) res.write(text);
    },
    finish: () => res.end(),
    midStreamError: (message) => res.end(`ERROR: ${message}`),
    malformed: () => res.end('\u0000\ufffd'),
  };
}

function jsonSink(res: ServerResponse): AnswerSink {
  let content = '';
  let toolCalls: readonly PlannedToolCall[] = [];
  return {
    delta(text, calls) {
      content += text;
      if (calls.length) toolCalls = calls;
    },
    finish() {
      sendJson(res, 200, { role: 'assistant', text: content, content, toolCalls: toolCalls.length ? wireToolCalls(toolCalls) : undefined });
    },
    midStreamError() {
      // The hub ends a non-streamed answer that failed mid-way with an empty 200.
      res.writeHead(200, { 'Content-Length': 0 });
      res.end();
    },
    malformed() {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(`{"role":"assistant","text":${JSON.stringify(content).slice(0, -1)}`);
    },
  };
}

export function handleCompletions(ctx: HubContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  return serveChat(ctx, req, res, {
    endpoint: '/api/v2/chat/completions',
    modelId: bodyModel,
    parse: (body) => {
      const parsed = validateCompletions(body);
      if (!parsed.ok) return parsed;
      const format = parsed.value.responseFormat;
      const jsonSchema = format?.type === 'json_schema' ? format.jsonSchema?.schema : undefined;
      return { ok: true, value: { ...parsed.value, jsonSchema } };
    },
    sink: (input, timing) =>
      wantsEventStream(req) ? sseSink(res, timing.startedAt, timing.sessionMs) : input.stream ? rawTextSink(res) : jsonSink(res),
  });
}
