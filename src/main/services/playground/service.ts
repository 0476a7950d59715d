import { exportRequest } from '../../../shared/code-export';
import { AppError } from '../../../shared/errors';
import {
  callLogQuerySchema,
  type CallLogQuery,
  type ChatRequest,
  type ChatStopResult,
  type CompareTextsRequest,
  type CompareTextsResult,
  type Conversation,
  type ConversationSearchHit,
  type ConversationSummary,
  type EmbeddingResult,
  type EmbedRequest,
  type ExportedFile,
  type ImageRequest,
  type ImageResult,
  type ListModelsInput,
  type ListModelsResult,
  type NewConversationMessage,
} from '../../../shared/playground';
import type { ClientCall } from '../../../shared/call-log';
import { CallLogStore, type CallLogStoreOptions } from '../call-log/store';
import type { ParsedInput } from '../dispatcher';
import type { KeyValueStore } from '../settings/store';
import { ChatService, type ChatHandlers, type ChatServiceOptions, type ChatStream } from './chat';
import { ConversationStore } from './conversations';
import { EmbeddingService } from './embeddings';
import { parseInput, toPlaygroundError } from './errors';
import { ImageService } from './images';
import { groupModelsByProvider, ModelCatalog, type ModelCatalogOptions } from './models';
import type { HubResolver, KeyResolver, MediaServiceOptions } from './ports';

export interface PlaygroundServiceDeps {
  keys: KeyResolver;
  /** Lets `listModels` take a hub id (before any key is chosen). */
  hubs?: HubResolver;
  /** The app data dir: `conversations.json` and `call-log.json` are kept there. */
  dataDir?: string;
  /** Or explicit stores (tests, or files placed elsewhere). */
  conversationStore?: KeyValueStore;
  callLogStore?: KeyValueStore;
  options?: {
    chat?: ChatServiceOptions;
    media?: MediaServiceOptions;
    models?: ModelCatalogOptions;
    callLog?: CallLogStoreOptions;
  };
}

/**
 * The playground capability, one method per IPC verb. Inputs are validated
 * with the schemas in src/shared/playground.ts (INVALID_INPUT otherwise);
 * every failure is an AppError with a user-facing message. Chat streams
 * report through handlers; `done` never rejects.
 */
export class PlaygroundService {
  readonly models: ModelCatalog;
  readonly chat: ChatService;
  readonly images: ImageService;
  readonly embeddings: EmbeddingService;
  readonly conversations: ConversationStore;
  readonly callLog: CallLogStore;
  private readonly keys: KeyResolver;
  private readonly hubs: HubResolver | undefined;

  constructor(deps: PlaygroundServiceDeps) {
    const conversationStore = deps.conversationStore ?? deps.dataDir;
    const callLogStore = deps.callLogStore ?? deps.dataDir;
    if (conversationStore === undefined || callLogStore === undefined) {
      throw new Error('PlaygroundService needs a dataDir, or both conversationStore and callLogStore');
    }
    this.keys = deps.keys;
    this.hubs = deps.hubs;
    this.models = new ModelCatalog(deps.options?.models);
    this.callLog = new CallLogStore(callLogStore, deps.options?.callLog);
    this.conversations = new ConversationStore(conversationStore);
    const media = {
      keys: deps.keys,
      models: this.models,
      callLog: this.callLog,
      ...(deps.options?.media ? { options: deps.options.media } : {}),
    };
    this.chat = new ChatService({ ...media, ...(deps.options?.chat ? { options: deps.options.chat } : {}) });
    this.images = new ImageService(media);
    this.embeddings = new EmbeddingService(media);
  }

  // ---- models ----

  /** The models of the key's (or hub's) hub, grouped by provider; cached for a few minutes. */
  async listModels(input: ListModelsInput): Promise<ListModelsResult> {
    const data = input;
    try {
      const mountUrl = await this.mountUrlFor(data);
      const models = await this.models.list(mountUrl, data.type, { refresh: data.refresh ?? false });
      return { models, groups: groupModelsByProvider(models), fetchedAt: new Date().toISOString() };
    } catch (error) {
      throw toPlaygroundError(error);
    }
  }

  // ---- chat ----

  /** Starts a stream for a validated request (see the dispatcher); anything after resolves `done` as failed. */
  startChat(request: ChatRequest, handlers: ChatHandlers = {}): ChatStream {
    return this.chat.start(request, handlers);
  }

  stopChat(streamId: string): ChatStopResult {
    return { stopped: this.chat.stop(streamId) };
  }

  // ---- images and embeddings ----

  generateImage(input: ImageRequest, signal?: AbortSignal): Promise<ImageResult> {
    return this.images.generate(input, signal);
  }

  embed(input: EmbedRequest, signal?: AbortSignal): Promise<EmbeddingResult> {
    return this.embeddings.embed(input, signal);
  }

  compareTexts(input: CompareTextsRequest, signal?: AbortSignal): Promise<CompareTextsResult> {
    return this.embeddings.compareTexts(input, signal);
  }

  // ---- conversations ----

  listConversations(): ConversationSummary[] {
    return this.conversations.list();
  }

  getConversation(input: { id: string }): Conversation {
    return this.conversations.get(input.id);
  }

  createConversation(input: ParsedInput<'conversations.create'>): Conversation {
    return this.conversations.create(input);
  }

  renameConversation(input: { id: string; title: string }): Conversation {
    return this.conversations.rename(input.id, input.title);
  }

  updateConversation(input: ParsedInput<'conversations.update'>): Conversation {
    return this.conversations.update(input);
  }

  deleteConversation(input: { id: string }): { deleted: boolean } {
    return { deleted: this.conversations.delete(input.id) };
  }

  appendMessages(input: { id: string; messages: NewConversationMessage[] }): Conversation {
    return this.conversations.appendMessages(input.id, input.messages);
  }

  replaceMessages(input: { id: string; messages: NewConversationMessage[] }): Conversation {
    return this.conversations.replaceMessages(input.id, input.messages);
  }

  searchConversations(input: { query: string }): ConversationSearchHit[] {
    return this.conversations.search(input.query);
  }

  exportConversation(input: { id: string; format: 'markdown' | 'json' }): ExportedFile {
    return this.conversations.export(input.id, input.format);
  }

  // ---- code export and call log ----

  /** "Copy as curl / JavaScript / Python" for a request; the key is an environment variable in the code. */
  exportCode(input: ParsedInput<'playground.exportCode'>): { code: string } {
    const data = input;
    return {
      code: exportRequest(data.request, {
        format: data.format,
        mountUrl: data.mountUrl,
        stream: data.stream,
        accessKeyId: data.accessKeyId,
      }),
    };
  }

  listCalls(query: CallLogQuery = {}): ClientCall[] {
    return this.callLog.list(parseInput(callLogQuerySchema, query));
  }

  /** Stops every running stream (window closed, app quitting). */
  dispose(): void {
    this.chat.stopAll();
    try {
      this.callLog.flush();
    } catch {
      // Quitting with an unwritable data folder: nothing more can be saved.
    }
  }

  private async mountUrlFor(input: { keyId?: string | undefined; hubId?: string | undefined }): Promise<string> {
    if (input.keyId !== undefined) return (await this.keys.resolve(input.keyId)).mountUrl;
    if (input.hubId !== undefined && this.hubs) return this.hubs.mountUrl(input.hubId);
    throw new AppError('INVALID_INPUT', 'Choose a key first: the model list comes from its hub.', { reason: 'noKeyChosen' });
  }
}
