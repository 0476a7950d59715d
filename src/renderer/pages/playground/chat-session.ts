// The message types the message list renders (the session itself lives in the store).
export type { ChatTotals, UiMessage, UiStatus } from '../../store/playground-chat';
