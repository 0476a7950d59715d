import { DEFAULT_JSON_SCHEMA_NAME, JSON_SCHEMA_NAME_PATTERN } from '../../../shared/code-export';
import type { ChatParams } from '../../../shared/playground';
import type { MessageKey } from '../../i18n';

/**
 * The parameters panel's values as typed (strings), and their checks. The
 * ranges are the hub's (docs/hub-protocol.md §5), the same src/shared/playground.ts
 * enforces in main; checking here shows the problem before a call is spent.
 */
export interface ParamsDraft {
  temperature: string;
  topP: string;
  maxTokens: string;
  presencePenalty: string;
  frequencyPenalty: string;
  responseFormat: 'text' | 'json_schema';
  jsonSchema: string;
  /** The schema's name: the hub requires one (empty = the default name). */
  jsonSchemaName: string;
}

export type NumericParam = 'temperature' | 'topP' | 'maxTokens' | 'presencePenalty' | 'frequencyPenalty';

export const EMPTY_PARAMS: ParamsDraft = {
  temperature: '',
  topP: '',
  maxTokens: '',
  presencePenalty: '',
  frequencyPenalty: '',
  responseFormat: 'text',
  jsonSchema: '',
  jsonSchemaName: '',
};

export const RANGES: Record<NumericParam, { min: number; max: number; step: number; integer?: boolean }> = {
  temperature: { min: 0, max: 2, step: 0.1 },
  topP: { min: 0.1, max: 1, step: 0.05 },
  maxTokens: { min: 1, max: 10_000_000, step: 1, integer: true },
  presencePenalty: { min: -2, max: 2, step: 0.1 },
  frequencyPenalty: { min: -2, max: 2, step: 0.1 },
};

export type ParamError = { key: MessageKey; vars?: Record<string, string | number> };
export type ParamErrors = Partial<Record<NumericParam | 'jsonSchema' | 'jsonSchemaName', ParamError>>;

export interface CheckedParams {
  params: ChatParams;
  errors: ParamErrors;
  ok: boolean;
}

/** Empty fields mean "the hub's default" and are left out of the request. */
export function checkParams(draft: ParamsDraft, modelMaxTokens?: number): CheckedParams {
  const params: ChatParams = {};
  const errors: ParamErrors = {};
  for (const name of Object.keys(RANGES) as NumericParam[]) {
    const raw = draft[name].trim();
    if (raw === '') continue;
    const value = Number(raw);
    const range = RANGES[name];
    const max = name === 'maxTokens' && modelMaxTokens ? modelMaxTokens : range.max;
    if (!Number.isFinite(value)) errors[name] = { key: 'playground.params.notNumber' };
    else if (range.integer && !Number.isInteger(value)) errors[name] = { key: 'playground.params.notInteger' };
    else if (value < range.min || value > max) errors[name] = { key: 'playground.params.range', vars: { min: range.min, max } };
    else params[name] = value;
  }
  if (draft.responseFormat === 'json_schema') {
    // The hub wants `{name, schema}`, never a bare JSON Schema (docs/hub-protocol.md §5).
    const name = draft.jsonSchemaName.trim() || DEFAULT_JSON_SCHEMA_NAME;
    if (!JSON_SCHEMA_NAME_PATTERN.test(name)) errors.jsonSchemaName = { key: 'playground.params.schemaNameInvalid' };
    const text = draft.jsonSchema.trim();
    if (text === '') errors.jsonSchema = { key: 'playground.params.schemaEmpty' };
    else {
      try {
        const parsed: unknown = JSON.parse(text);
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
          errors.jsonSchema = { key: 'playground.params.schemaObject' };
        else if (!errors.jsonSchemaName)
          params.responseFormat = { type: 'json_schema', jsonSchema: { name, schema: parsed as Record<string, unknown> } };
      } catch (e) {
        errors.jsonSchema = { key: 'playground.params.schemaInvalid', vars: { message: e instanceof Error ? e.message : String(e) } };
      }
    }
  }
  return { params, errors, ok: Object.keys(errors).length === 0 };
}

/** A saved conversation's parameters back into the panel's fields. */
export function draftFromParams(params: ChatParams | undefined): ParamsDraft {
  const p = params ?? {};
  const text = (v: number | undefined) => (v === undefined ? '' : String(v));
  const format = p.responseFormat;
  return {
    temperature: text(p.temperature),
    topP: text(p.topP),
    maxTokens: text(p.maxTokens),
    presencePenalty: text(p.presencePenalty),
    frequencyPenalty: text(p.frequencyPenalty),
    responseFormat: format?.type === 'json_schema' ? 'json_schema' : 'text',
    jsonSchema: format?.type === 'json_schema' ? JSON.stringify(format.jsonSchema.schema, null, 2) : '',
    jsonSchemaName: format?.type === 'json_schema' && format.jsonSchema.name !== DEFAULT_JSON_SCHEMA_NAME ? format.jsonSchema.name : '',
  };
}

/** How many parameters differ from the hub's defaults (shown on the panel's button). */
export function changedCount(draft: ParamsDraft): number {
  let n = 0;
  for (const name of Object.keys(RANGES) as NumericParam[]) if (draft[name].trim() !== '') n++;
  if (draft.responseFormat !== 'text') n++;
  return n;
}

export const SCHEMA_EXAMPLE = `{
  "type": "object",
  "properties": {
    "answer": { "type": "string" }
  },
  "required": ["answer"]
}`;
