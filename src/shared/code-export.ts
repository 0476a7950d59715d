/**
 * "Copy as code" for a playground request, and the one place the chat body is
 * built (the main process sends exactly this body, so the snippet is the
 * request). Pure string work with no imports: the renderer bundles this file.
 *
 * A snippet never contains a key: the function is never given one. The key is
 * read from `AIGNE_HUB_API_KEY` and the hub from `AIGNE_HUB_API_URL` (the same
 * names the `aigne` CLI uses), with the mount URL as the literal fallback.
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
  responseFormat?: { type: 'text' } | { type: 'json_schema'; jsonSchema: Record<string, unknown> } | undefined;
}

export interface ChatRequestLike {
  model: string;
  messages: readonly ChatMessageLike[];
  params?: ChatParamsLike | undefined;
}

export type CodeFormat = 'curl' | 'javascript' | 'python';

export interface CodeExportOptions {
  format: CodeFormat;
  /** The hub's mount URL (e.g. `https://hub.aigne.io/ai-kit`); used when `AIGNE_HUB_API_URL` is unset. */
  mountUrl?: string | undefined;
  /** SSE streaming, as the playground does (default true); false asks for one JSON answer. */
  stream?: boolean | undefined;
}

export const CHAT_COMPLETIONS_PATH = '/api/v2/chat/completions';
export const API_KEY_ENV = 'AIGNE_HUB_API_KEY';
export const API_URL_ENV = 'AIGNE_HUB_API_URL';

const PARAM_ORDER = ['temperature', 'topP', 'maxTokens', 'presencePenalty', 'frequencyPenalty', 'responseFormat'] as const;

/**
 * The camelCase body of `POST {mount}/api/v2/chat/completions` (hub-protocol.md §5).
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
