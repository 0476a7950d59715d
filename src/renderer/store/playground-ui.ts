import type { ChatMessage, ChatParams } from '../../shared/playground';
import { ExternalStore } from './external-store';

export type PlaygroundTab = 'chat' | 'compare' | 'images' | 'embeddings';
export const PLAYGROUND_TABS: readonly PlaygroundTab[] = ['chat', 'compare', 'images', 'embeddings'];

export type PlaygroundModal =
  | {
      kind: 'code';
      request: { model: string; messages: ChatMessage[]; params: ChatParams };
      mountUrl: string | undefined;
      accessKeyId: string | undefined;
    }
  | { kind: 'rename'; id: string; title: string }
  | { kind: 'delete'; id: string; title: string };

export interface PlaygroundUi {
  tab: PlaygroundTab;
  /** Tabs opened at least once (their panes stay mounted, e.g. a compare run keeps streaming). */
  visited: ReadonlySet<PlaygroundTab>;
  paramsOpen: boolean;
  systemOpen: boolean;
  /** The conversation list; folded away by default in a narrow window. */
  listOpen: boolean;
  /** Bumped after every save, rename or delete: the conversation list reloads. */
  listVersion: number;
  modal: PlaygroundModal | null;
}

/** Something that opens with Ctrl+K: each tab's model picker registers itself here. */
export interface PickerHandle {
  open(): void;
}

/** The playground's UI flags; they outlive the page (which comes and goes with navigation). */
export class PlaygroundUiStore extends ExternalStore<PlaygroundUi> {
  private readonly pickers = new Map<PlaygroundTab, PickerHandle>();

  constructor(listOpen = true) {
    super({
      tab: 'chat',
      visited: new Set(['chat']),
      paramsOpen: false,
      systemOpen: false,
      listOpen,
      listVersion: 0,
      modal: null,
    });
  }

  setTab(tab: PlaygroundTab): void {
    // Unchanged (e.g. opening a conversation from the chat tab): no render in the click's task.
    if (tab === this.state.tab && this.state.visited.has(tab)) return;
    const visited = this.state.visited.has(tab) ? this.state.visited : new Set(this.state.visited).add(tab);
    this.set({ tab, visited });
  }

  toggleParams = (): void => this.set({ paramsOpen: !this.state.paramsOpen });
  toggleSystem = (): void => this.set({ systemOpen: !this.state.systemOpen });
  toggleList = (): void => this.set({ listOpen: !this.state.listOpen });
  listChanged = (): void => this.set({ listVersion: this.state.listVersion + 1 });
  openModal = (modal: PlaygroundModal): void => this.set({ modal });
  closeModal = (): void => this.set({ modal: null });

  /** A tab's picker registers (or, with null, unregisters) itself. */
  registerPicker(tab: PlaygroundTab, handle: PickerHandle | null): void {
    if (handle) this.pickers.set(tab, handle);
    else this.pickers.delete(tab);
  }

  /** Ctrl+K: opens the model picker of the tab on screen. */
  openPicker(): void {
    this.pickers.get(this.state.tab)?.open();
  }
}
