/**
 * "Copy as code" for a playground request (and the per-key examples on the
 * Keys page), and the one place the chat body is built (the main process sends
 * exactly this body, so the snippet is the request). Pure string work with no
 * imports: the renderer bundles this file.
 *
 * A snippet never contains a key: the function is never given one. The key is
 * read from `AIGNE_HUB_API_KEY` and the hub from `AIGNE_HUB_API_URL` (the same
 * names the `aigne` CLI and the `@aigne/aigne-hub` SDK read), with the mount
 * URL as the literal fallback.
 */

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessageLike {
  role: ChatRole;
  content: string;
}

export interface ChatParamsLike {
  temperature?: number | undefined;
  topP?: number | undefined;
  maxTokens?: number | undefined;
  presencePenalty?: number | undefined;
  frequencyPenalty?: number | undefined;
  responseFormat?: { type: 'text' } | { type: 'json_schema'; jsonSchema: JsonSchemaWrapperLike } | undefined;
}

/** The name a JSON-mode schema gets when the user gives none. */
export const DEFAULT_JSON_SCHEMA_NAME = 'response';
/** What OpenAI-style providers accept as a schema name (letters, digits, `_`, `-`, at most 64). */
export const JSON_SCHEMA_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** `responseFormat.jsonSchema` as the hub requires it: a named wrapper around the JSON Schema. */
export interface JsonSchemaWrapperLike {
  name: string;
  schema: Record<string, unknown>;
  description?: string | undefined;
  strict?: boolean | undefined;
}

export interface ChatRequestLike {
  model: string;
  messages: readonly ChatMessageLike[];
  params?: ChatParamsLike | undefined;
}

export type CodeFormat = 'curl' | 'javascript' | 'python' | 'sdk' | 'cli';

/** Every format, in the order a dialog shows them. */
export const CODE_FORMATS: readonly CodeFormat[] = ['curl', 'javascript', 'python', 'sdk', 'cli'];

export interface CodeExportOptions {
  format: CodeFormat;
  /** The hub's mount URL (e.g. `https://hub.aigne.io/ai-kit`); used when `AIGNE_HUB_API_URL` is unset. */
  mountUrl?: string | undefined;
  /** SSE streaming, as the playground does (default true); false asks for one JSON answer. */
  stream?: boolean | undefined;
  /**
   * The key's id. The SDK and the CLI always send `x-aigne-hub-client-did`,
   * so their calls count under that client id, not the key; their snippets set
   * `BLOCKLET_APP_PID` (the first fallback the SDK reads for that header) to
   * this id so the calls show up under the key's usage (docs/hub-protocol.md §7).
   */
  accessKeyId?: string | undefined;
}

/** The variable the SDK (and the CLI through it) takes its client id from; `clientOptions.clientId` is dropped by its options check. */
export const CLIENT_ID_ENV = 'BLOCKLET_APP_PID';

export const CHAT_COMPLETIONS_PATH = '/api/v2/chat/completions';
export const API_KEY_ENV = 'AIGNE_HUB_API_KEY';
export const API_URL_ENV = 'AIGNE_HUB_API_URL';
/** The SDK's and the CLI's own spelling of a model routed through the hub (docs/hub-protocol.md §4). */
export const HUB_MODEL_PREFIX = 'aignehub/';
/** The SDK's default model; the Keys page's examples use it when the user picks none. */
export const DEFAULT_EXAMPLE_MODEL = 'openai/gpt-5-mini';

/** `openai/gpt-5-mini` → `aignehub/openai/gpt-5-mini`; an id already spelled either way is kept. */
export function hubRoutedModel(model: string): string {
  const wire = model.replace(/^aignehub[/:]/, '');
  return `${HUB_MODEL_PREFIX}${wire}`;
}

const PARAM_ORDER = ['temperature', 'topP', 'maxTokens', 'presencePenalty', 'frequencyPenalty', 'responseFormat'] as const;

/**
 * The camelCase body of `POST {mount}/api/v2/chat/completions` (docs/hub-protocol.md §5).
 * snake_case names would be dropped silently by the hub, so only these keys are sent.
 */
export function chatRequestBody(request: ChatRequestLike, options: { stream: boolean }): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: request.model,
    messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    stream: options.stream,
  };
  const params = request.params ?? {};
  for (const name of PARAM_ORDER) {
    const value = params[name];
    if (value !== undefined) body[name] = value;
  }
  return body;
}

/** Code that sends exactly this request; the key comes from the environment, never from the app. */
export function exportRequest(request: ChatRequestLike, options: CodeExportOptions): string {
  const stream = options.stream ?? true;
  const body = chatRequestBody(request, { stream });
  const mountUrl = options.mountUrl?.replace(/\/+$/, '');
  switch (options.format) {
    case 'curl':
      return curlSnippet(body, mountUrl, stream);
    case 'javascript':
      return javascriptSnippet(body, mountUrl, stream);
    case 'python':
      return pythonSnippet(body, mountUrl, stream);
    case 'sdk':
      return sdkSnippet(request, mountUrl, stream, options.accessKeyId);
    case 'cli':
      return cliSnippet(request, mountUrl, options.accessKeyId);
  }
}

// ---- curl (POSIX shell) ----

/** Single-quotes text for a POSIX shell: nothing inside single quotes is special except the quote itself. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Escapes text for use inside double quotes, where `$`, backquote, `"` and `\` stay special. */
function shellDoubleQuoted(text: string): string {
  return text.replace(/[$`"\\]/g, (c) => `\\${c}`);
}

function curlSnippet(body: Record<string, unknown>, mountUrl: string | undefined, stream: boolean): string {
  const base = mountUrl ? `\${${API_URL_ENV}:-${shellDoubleQuoted(mountUrl)}}` : `\${${API_URL_ENV}:?set ${API_URL_ENV} to your hub URL}`;
  const lines = [
    `curl -sS${stream ? ' -N' : ''} -X POST "${base}${CHAT_COMPLETIONS_PATH}"`,
    `  -H "Authorization: Bearer $${API_KEY_ENV}"`,
    `  -H 'Content-Type: application/json'`,
    ...(stream ? [`  -H 'Accept: text/event-stream'`] : []),
    `  --data-raw ${shellQuote(JSON.stringify(body))}`,
  ];
  return `${lines.join(' \\\n')}\n`;
}

// ---- JavaScript (Node 18+ ES module, or any runtime with fetch) ----

function javascriptSnippet(body: Record<string, unknown>, mountUrl: string | undefined, stream: boolean): string {
  const base = mountUrl
    ? `process.env.${API_URL_ENV} ?? ${JSON.stringify(mountUrl)}`
    : `process.env.${API_URL_ENV}; // e.g. https://hub.aigne.io/ai-kit`;
  const head = [
    '// Node 18+: save as chat.mjs, then run `node chat.mjs`.',
    `const baseUrl = ${base}${mountUrl ? ';' : ''}`,
    `const body = ${JSON.stringify(body, null, 2)};`,
    '',
    `const response = await fetch(\`\${baseUrl}${CHAT_COMPLETIONS_PATH}\`, {`,
    "  method: 'POST',",
    '  headers: {',
    `    Authorization: \`Bearer \${process.env.${API_KEY_ENV}}\`,`,
    "    'Content-Type': 'application/json',",
    ...(stream ? ["    Accept: 'text/event-stream',"] : []),
    '  },',
    '  body: JSON.stringify(body),',
    '});',
    'if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);',
  ];
  const tail = stream
    ? [
        '',
        '// Server-sent events: deltas, then usage; errors arrive as events too. No [DONE]: the stream just ends.',
        'const decoder = new TextDecoder();',
        "let buffered = '';",
        'let eventName;',
        'for await (const chunk of response.body) {',
        '  buffered += decoder.decode(chunk, { stream: true });',
        '  const lines = buffered.split(/\\r\\n|\\r|\\n/);',
        "  buffered = lines.pop() ?? '';",
        '  for (const line of lines) {',
        "    if (line === '') eventName = undefined;",
        "    else if (line.startsWith('event:')) eventName = line.slice(6).trim();",
        "    else if (line.startsWith('data:') && eventName === undefined) {",
        '      const data = JSON.parse(line.slice(5));',
        "      if (data.delta) process.stdout.write(data.delta.content ?? '');",
        "      else if (data.usage) console.log('\\n', data.usage);",
        '      else if (data.error) throw new Error(data.error.message ?? data.error);',
        '    }',
        '  }',
        '}',
      ]
    : ['', 'const answer = await response.json();', 'console.log(answer.text);'];
  return `${[...head, ...tail].join('\n')}\n`;
}

// ---- Python 3 (standard library only) ----

/** A Python literal for a JSON value: JSON's string escapes are valid Python escapes. */
export function pythonLiteral(value: unknown, indent = ''): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'None';
  if (typeof value === 'string') return JSON.stringify(value);
  const inner = `${indent}    `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => `${inner}${pythonLiteral(v, inner)},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${pythonLiteral(v, inner)},`).join('\n')}\n${indent}}`;
}

function pythonSnippet(body: Record<string, unknown>, mountUrl: string | undefined, stream: boolean): string {
  const base = mountUrl ? `os.environ.get("${API_URL_ENV}", ${JSON.stringify(mountUrl)})` : `os.environ["${API_URL_ENV}"]`;
  const head = [
    '# Python 3, standard library only.',
    'import json',
    'import os',
    'import urllib.request',
    '',
    `url = ${base}.rstrip("/") + "${CHAT_COMPLETIONS_PATH}"`,
    `body = ${pythonLiteral(body)}`,
    '',
    'request = urllib.request.Request(',
    '    url,',
    '    data=json.dumps(body).encode("utf-8"),',
    '    method="POST",',
    '    headers={',
    `        "Authorization": "Bearer " + os.environ["${API_KEY_ENV}"],`,
    '        "Content-Type": "application/json",',
    ...(stream ? ['        "Accept": "text/event-stream",'] : []),
    '    },',
    ')',
  ];
  const tail = stream
    ? [
        '',
        '# Server-sent events: deltas, then usage; errors arrive as events too. No [DONE]: the stream just ends.',
        'with urllib.request.urlopen(request) as response:',
        '    event_name = None',
        '    for raw in response:',
        '        line = raw.decode("utf-8").rstrip("\\r\\n")',
        '        if line == "":',
        '            event_name = None',
        '        elif line.startswith("event:"):',
        '            event_name = line[6:].strip()',
        '        elif line.startswith("data:") and event_name is None:',
        '            data = json.loads(line[5:])',
        '            if "delta" in data:',
        '                print(data["delta"].get("content") or "", end="", flush=True)',
        '            elif "usage" in data:',
        '                print("\\n", data["usage"])',
        '            elif "error" in data:',
        '                raise SystemExit(data["error"])',
      ]
    : ['', 'with urllib.request.urlopen(request) as response:', '    print(json.loads(response.read())["text"])'];
  return `${[...head, ...tail].join('\n')}\n`;
}

// ---- the hub's SDK (@aigne/aigne-hub, TypeScript or a Node ES module) ----

/** The SDK's message roles: the assistant is `agent` there. */
function sdkRole(role: ChatRole): string {
  return role === 'assistant' ? 'agent' : role;
}

/** `{ a: 1, b: "x" }`: a flat object on one line, keys unquoted (they are identifiers). */
function jsInline(value: Record<string, unknown>): string {
  return `{ ${Object.entries(value)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join(', ')} }`;
}

/** Lines that make the SDK's calls count under the key (or say why they will not). */
function attributionLines(accessKeyId: string | undefined): string[] {
  if (!accessKeyId || !/^[1-9A-HJ-NP-Za-km-z]+$/.test(accessKeyId)) {
    return [
      '// Note: the SDK sends its own client id, so the hub counts these calls under',
      `// "@aigne/aigne-hub:<hostname>", not under the key (set ${CLIENT_ID_ENV} to the key's id to change that).`,
    ];
  }
  return [
    "// Count these calls under this key in the hub's usage: the SDK sends this id as its client id.",
    `process.env.${CLIENT_ID_ENV} = ${JSON.stringify(accessKeyId)};`,
  ];
}

function sdkSnippet(request: ChatRequestLike, mountUrl: string | undefined, stream: boolean, accessKeyId?: string): string {
  const params = request.params ?? {};
  const modelOptions: Record<string, unknown> = {};
  for (const name of ['temperature', 'topP', 'maxTokens', 'presencePenalty', 'frequencyPenalty'] as const) {
    if (params[name] !== undefined) modelOptions[name] = params[name];
  }
  const input = [
    'const input = {',
    '  messages: [',
    ...request.messages.map((m) => `    ${jsInline({ role: sdkRole(m.role), content: m.content })},`),
    '  ],',
    ...(Object.keys(modelOptions).length ? [`  modelOptions: ${jsInline(modelOptions)},`] : []),
    ...(params.responseFormat ? [`  responseFormat: ${JSON.stringify(params.responseFormat, null, 2).replace(/\n/g, '\n  ')},`] : []),
    '};',
  ];
  const base = mountUrl
    ? `process.env.${API_URL_ENV} ?? ${JSON.stringify(mountUrl)}`
    : `process.env.${API_URL_ENV}, // e.g. https://hub.aigne.io/ai-kit`;
  const head = [
    "// The hub's SDK. Node 20+: `npm install @aigne/aigne-hub @aigne/core`,",
    '// save as chat.mjs, then run `node chat.mjs`.',
    `// The key comes from ${API_KEY_ENV}: keep it out of the code.`,
    "import { AIGNEHubChatModel } from '@aigne/aigne-hub';",
    '',
    ...attributionLines(accessKeyId),
    '',
    'const model = new AIGNEHubChatModel({',
    `  baseURL: ${base}${mountUrl ? ',' : ''}`,
    `  apiKey: process.env.${API_KEY_ENV},`,
    `  model: ${JSON.stringify(hubRoutedModel(request.model))},`,
    '});',
    '',
    ...input,
  ];
  const json = params.responseFormat?.type === 'json_schema';
  const tail = stream
    ? [
        '',
        'const stream = await model.invoke(input, { streaming: true });',
        'for await (const chunk of stream) {',
        '  const text = chunk.delta?.text?.text;',
        '  if (text) process.stdout.write(text);',
        ...(json ? ["  if (chunk.delta?.json?.json) console.log('\\n', chunk.delta.json.json);"] : []),
        '}',
        "process.stdout.write('\\n');",
      ]
    : ['', 'const result = await model.invoke(input);', json ? 'console.log(result.json ?? result.text);' : 'console.log(result.text);'];
  return `${[...head, ...tail].join('\n')}\n`;
}

// ---- the aigne CLI (@aigne/cli) ----

/**
 * The `aigne` CLI reads the hub and key from the same variables. Its `run`
 * command runs an agent of an AIGNE project (aigne.yaml) in the current folder;
 * `--model` takes the hub-routed id, `--input` the message, and the sampling
 * flags below. The system prompt and the earlier turns belong to the project's
 * agent, so only the last user message is passed.
 */
function cliSnippet(request: ChatRequestLike, mountUrl: string | undefined, accessKeyId?: string): string {
  const params = request.params ?? {};
  const lastUser = [...request.messages].reverse().find((m) => m.role === 'user')?.content ?? 'Hello';
  const url = mountUrl
    ? `"\${${API_URL_ENV}:-${shellDoubleQuoted(mountUrl)}}"`
    : `"\${${API_URL_ENV}:?set ${API_URL_ENV} to your hub URL}"`;
  const flags: string[] = [`--model ${shellQuote(hubRoutedModel(request.model))}`];
  const flag = (name: string, value: number | undefined) => {
    if (value !== undefined) flags.push(`--${name} ${value}`);
  };
  flag('temperature', params.temperature);
  flag('top-p', params.topP);
  flag('presence-penalty', params.presencePenalty);
  flag('frequency-penalty', params.frequencyPenalty);
  flags.push(`--input ${shellQuote(lastUser)}`);
  const attributed = accessKeyId !== undefined && /^[1-9A-HJ-NP-Za-km-z]+$/.test(accessKeyId);
  const jsonNote =
    params.responseFormat?.type === 'json_schema'
      ? [
          `# JSON mode: the CLI has no flag for it; give the project's agent an output schema named`,
          `# ${JSON.stringify(params.responseFormat.jsonSchema.name)} with the schema from the app.`,
        ]
      : [];
  const lines = [
    '# The aigne CLI (npm package @aigne/cli), run inside an AIGNE project folder',
    '# (create one with `npx -y @aigne/cli create`). It reads the hub and the key from',
    `# these variables; set ${API_KEY_ENV} in your shell first (the app's "Copy key").`,
    attributed
      ? `# ${CLIENT_ID_ENV} makes the hub count these calls under this key (the CLI sends it as its client id).`
      : `# The CLI sends its own client id: the hub counts these calls under it, not under the key.`,
    ...jsonNote,
    [
      `${API_URL_ENV}=${url}`,
      `${API_KEY_ENV}="\${${API_KEY_ENV}:?set ${API_KEY_ENV} to your key first}"`,
      ...(attributed ? [`${CLIENT_ID_ENV}=${shellQuote(accessKeyId)}`] : []),
      `npx -y @aigne/cli run ${flags.join(' ')}`,
    ].join(' \\\n  '),
  ];
  return `${lines.join('\n')}\n`;
}
