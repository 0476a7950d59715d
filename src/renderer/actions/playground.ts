import type { HubApi } from '../../shared/client';
import type { CodeExportInput, CompareTextsRequest, EmbedRequest, ExportedFile, ImageRequest } from '../../shared/playground';
import type { ChatSession } from '../store/playground-chat';
import type { PlaygroundUiStore } from '../store/playground-ui';

export type PlaygroundActionsApi = Pick<HubApi, 'playground' | 'conversations'>;

/**
 * What the playground's buttons do that is not part of a running chat: the call, and the
 * stores told what changed (the list reloads once). Failures reject; the caller shows them
 * with ErrorNotice (or a form error) and confirms success with a toast.
 */
export function createPlaygroundActions(api: PlaygroundActionsApi, chat: ChatSession, ui: PlaygroundUiStore) {
  return {
    listConversations: (query: string) => (query ? api.conversations.search({ query }) : api.conversations.list()),
    exportConversation: (id: string, format: 'markdown' | 'json'): Promise<ExportedFile> => api.conversations.export({ id, format }),
    async renameConversation(id: string, title: string): Promise<string> {
      const saved = await api.conversations.rename({ id, title });
      chat.renamed(id, saved.title);
      ui.listChanged();
      return saved.title;
    },
    async deleteConversation(id: string): Promise<void> {
      await api.conversations.delete({ id });
      await chat.deleted(id);
      ui.listChanged();
    },
    exportCode: (input: CodeExportInput) => api.playground.exportCode(input),
    image: (input: ImageRequest) => api.playground.image(input),
    embed: (input: EmbedRequest) => api.playground.embed(input),
    compareTexts: (input: CompareTextsRequest) => api.playground.compareTexts(input),
  };
}

export type PlaygroundActions = ReturnType<typeof createPlaygroundActions>;
