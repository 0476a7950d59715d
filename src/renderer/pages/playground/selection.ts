import { useEffect, useState } from 'react';
import { hashParams } from '../../sections';
import { useStore } from '../../store/external-store';
import type { Playground } from '../../store/playground';
import { defaultChatModel, defaultKeyOf, findModel } from './choice';
import { useModels, useSessionField } from './data';

const LAST_KEY = 'playground.lastKeyId';
const LAST_MODEL = 'playground.lastModel';

/**
 * Keeps the chosen key and model valid as keys and model lists come and go, remembers them,
 * and honours a link `#/playground?hubId=…&keyId=…&model=…` (Keys, Usage) once the keys are known.
 */
export function usePlaygroundSelection(pg: Playground): void {
  const { data } = useStore(pg.keys);
  const keyId = useSessionField((s) => s.keyId);
  const model = useSessionField((s) => s.model);
  const [link, setLink] = useState<URLSearchParams | null>(null);

  useEffect(() => pg.keys.start(), [pg]);

  useEffect(() => {
    const read = () => {
      const params = hashParams(location.hash);
      if (!params.get('model') && !params.get('hubId') && !params.get('keyId')) return;
      setLink(params);
      // Applied once: a reload must not start another chat.
      history.replaceState(null, '', '#/playground');
    };
    read();
    window.addEventListener('hashchange', read);
    return () => window.removeEventListener('hashchange', read);
  }, []);

  useEffect(() => {
    if (!data) return;
    const chat = pg.chat;
    if (link) {
      setLink(null);
      const wantedKey = link.get('keyId');
      const hubParam = link.get('hubId');
      const chosen = wantedKey && data.keys.some((k) => k.id === wantedKey) ? wantedKey : hubParam ? defaultKeyOf(data, hubParam) : null;
      if (chosen) chat.setKey(chosen);
      const modelParam = link.get('model');
      pg.ui.setTab('chat');
      if (modelParam && modelParam !== chat.getSnapshot().model) {
        void (async () => {
          if (chat.getSnapshot().messages.length) await chat.newChat();
          chat.setModel(modelParam);
        })();
      }
    }
    const current = chat.getSnapshot().keyId;
    if (current && data.keys.some((k) => k.id === current)) return;
    const remembered = localStorage.getItem(LAST_KEY);
    chat.setKey(
      (remembered && data.keys.some((k) => k.id === remembered) ? remembered : null) ??
        data.hubs.map((h) => defaultKeyOf(data, h.id)).find(Boolean) ??
        data.keys[0]?.id ??
        null,
    );
  }, [data, link, pg]);

  useEffect(() => {
    if (keyId) localStorage.setItem(LAST_KEY, keyId);
  }, [keyId]);

  // A model for the chat as soon as the hub's list is known.
  const hubId = data?.keys.find((k) => k.id === keyId)?.hubId ?? null;
  const { result } = useModels(hubId, 'chat');
  useEffect(() => {
    if (!result) return;
    const chat = pg.chat;
    // A model this hub does not list is kept for a conversation in progress (its answers name it), replaced otherwise.
    if (model && (findModel(result, model) || chat.getSnapshot().messages.length > 0)) return;
    const remembered = localStorage.getItem(LAST_MODEL);
    const chosen = (remembered && findModel(result, remembered)?.key) || defaultChatModel(result)?.key;
    if (chosen) chat.setModel(chosen);
  }, [result, model, pg]);

  useEffect(() => {
    if (model) localStorage.setItem(LAST_MODEL, model);
  }, [model]);
}
