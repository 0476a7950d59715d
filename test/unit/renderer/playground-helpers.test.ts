import { describe, expect, it } from 'vitest';
import { defaultChatModel, defaultKeyOf, exactMatch, filterGroups } from '../../../src/renderer/pages/playground/choice';
import { changedCount, checkParams, draftFromParams, EMPTY_PARAMS } from '../../../src/renderer/pages/playground/params';

import { toErrorValue } from '../../../src/renderer/pages/playground/helpers';
import { localizeError } from '../../../src/renderer/errors/localize';
import { PlaygroundUiStore } from '../../../src/renderer/store/playground-ui';
import { HubCallError } from '../../../src/shared/client';
import type { HubModel } from '../../../src/shared/keys';
import type { ListModelsResult } from '../../../src/shared/playground';

const model = (key: string, out: number | null, available: boolean | null = true): HubModel =>
  ({
    key,
    model: key.split('/')[1]!,
    type: 'chat',
    provider: key.split('/')[0]!,
    providerDisplayName: key.split('/')[0]!,
    inputCreditsPerToken: out,
    outputCreditsPerToken: out,
    features: [],
    status: { available },
  }) as HubModel;

const list = (...models: HubModel[]): ListModelsResult =>
  ({ models, groups: [{ provider: 'sandbox', providerDisplayName: 'Sandbox', models }], fetchedAt: 'now' }) as unknown as ListModelsResult;

describe('parameter checks', () => {
  it('empty fields mean the hub default and are left out', () => {
    expect(checkParams(EMPTY_PARAMS)).toEqual({ params: {}, errors: {}, ok: true });
  });

  it('values inside the hub ranges pass, outside them name the range', () => {
    const checked = checkParams({ ...EMPTY_PARAMS, temperature: '0.7', topP: '0.05', maxTokens: '1.5', presencePenalty: 'x' });
    expect(checked.params).toEqual({ temperature: 0.7 });
    expect(checked.errors.topP).toEqual({ key: 'playground.params.range', vars: { min: 0.1, max: 1 } });
    expect(checked.errors.maxTokens?.key).toBe('playground.params.notInteger');
    expect(checked.errors.presencePenalty?.key).toBe('playground.params.notNumber');
    expect(checked.ok).toBe(false);
  });

  it('max tokens are capped by the model’s own limit', () => {
    expect(checkParams({ ...EMPTY_PARAMS, maxTokens: '5000' }, 2048).errors.maxTokens?.vars).toEqual({ min: 1, max: 2048 });
    expect(checkParams({ ...EMPTY_PARAMS, maxTokens: '2048' }, 2048).params.maxTokens).toBe(2048);
  });

  it('a JSON schema must be an object with a valid name, and round-trips through a saved conversation', () => {
    expect(checkParams({ ...EMPTY_PARAMS, responseFormat: 'json_schema', jsonSchema: '[1]' }).errors.jsonSchema?.key).toBe(
      'playground.params.schemaObject',
    );
    expect(checkParams({ ...EMPTY_PARAMS, responseFormat: 'json_schema', jsonSchema: '{' }).errors.jsonSchema?.key).toBe(
      'playground.params.schemaInvalid',
    );
    const draft = {
      ...EMPTY_PARAMS,
      temperature: '1',
      responseFormat: 'json_schema' as const,
      jsonSchema: '{"type":"object"}',
      jsonSchemaName: 'reply',
    };
    const checked = checkParams(draft);
    expect(checked.ok).toBe(true);
    const back = draftFromParams(checked.params);
    expect(back).toMatchObject({ temperature: '1', responseFormat: 'json_schema', jsonSchemaName: 'reply' });
    expect(JSON.parse(back.jsonSchema)).toEqual({ type: 'object' });
    expect(changedCount(back)).toBe(2);
  });
});

describe('model choice', () => {
  it('the default chat model generates text: never the echo model, the cheapest available one', () => {
    const result = list(
      model('sandbox/echo', 0.000008),
      model('sandbox/prose', 0.000015),
      model('sandbox/prose-mini', 0.000002),
      model('sandbox/cheap', 0.0000001, false),
    );
    expect(defaultChatModel(result)?.key).toBe('sandbox/prose-mini');
    expect(defaultChatModel(list(model('sandbox/echo', 1)))?.key).toBe('sandbox/echo');
  });

  it('a model typed exactly ranks first and is the one Enter picks, even when others contain the name', () => {
    const result = list(model('sandbox/prose-mini', 1), model('sandbox/prose', 1));
    expect(exactMatch(result.models, ' Prose ')?.key).toBe('sandbox/prose');
    expect(filterGroups(result, 'prose')[0]!.models.map((m) => m.key)).toEqual(['sandbox/prose', 'sandbox/prose-mini']);
    expect(filterGroups(result, 'pro')[0]!.models.map((m) => m.key)).toEqual(['sandbox/prose-mini', 'sandbox/prose']);
  });

  it('the hub’s default key is preferred, and a retired key is never picked for a new chat', () => {
    const data = {
      hubs: [{ id: 'h', defaultKeyId: 'old' }],
      keys: [
        { id: 'old', hubId: 'h', retiredAt: '2026-01-01T00:00:00Z' },
        { id: 'new', hubId: 'h' },
      ],
    } as never;
    expect(defaultKeyOf(data, 'h')).toBe('new');
  });
});

describe('playground helpers and UI store', () => {
  it('any thrown value becomes a code, message and detail the error notice can word', () => {
    expect(toErrorValue(new HubCallError({ code: 'TIMEOUT', message: 'slow', detail: { reason: 'deadline' } }))).toEqual({
      code: 'TIMEOUT',
      message: 'slow',
      detail: { reason: 'deadline' },
    });
    expect(toErrorValue('boom')).toEqual({ code: 'INTERNAL', message: 'boom' });
  });

  it('a connection dropped mid-answer is titled as such, not as an unreachable hub, and offers Retry', () => {
    const dropped = { code: 'HUB_UNREACHABLE' as const, message: 'lost', detail: { reason: 'dropped', host: 'hub.example' } };
    expect(localizeError(dropped, 'en')).toMatchObject({ title: 'Connection dropped', next: 'retry' });
    expect(localizeError(dropped, 'zh-CN').title).toBe('连接中断');
    expect(localizeError({ code: 'HUB_UNREACHABLE', message: 'x', detail: { reason: 'refused' } }, 'en').title).toBe('Hub unreachable');
  });

  it('tabs remember being visited, panels toggle, and Ctrl+K opens the picker of the tab on screen', () => {
    const ui = new PlaygroundUiStore(false);
    const opened: string[] = [];
    ui.registerPicker('chat', { open: () => opened.push('chat') });
    ui.registerPicker('compare', { open: () => opened.push('compare') });
    ui.setTab('compare');
    ui.openPicker();
    ui.setTab('chat');
    ui.openPicker();
    expect(opened).toEqual(['compare', 'chat']);
    expect([...ui.getSnapshot().visited]).toEqual(['chat', 'compare']);
    expect(ui.getSnapshot().listOpen).toBe(false);
    ui.toggleList();
    expect(ui.getSnapshot().listOpen).toBe(true);
  });
});
