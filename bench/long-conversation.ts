// What the page cases' host process sets up, shared with the parent that drives the page.

export interface HostReady {
  url: string;
  hubId: string;
  keyId: string;
  conversationId?: string;
}

export const LONG_CONVERSATION_TITLE = 'Bench long conversation';

export function longConversation(n: number): { role: 'user' | 'assistant'; content: string; model?: string; status?: 'success' }[] {
  const messages: { role: 'user' | 'assistant'; content: string; model?: string; status?: 'success' }[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 2 === 0) messages.push({ role: 'user', content: `Question ${i / 2 + 1}: how do lighthouses keep their lamps turning?` });
    else
      messages.push({
        role: 'assistant',
        model: 'sandbox/prose',
        status: 'success',
        content:
          `## Answer ${i}\n\nLighthouse lamps turn on a **mercury bath** or on bearings, driven by a clockwork weight.\n\n` +
          `- The keeper wound the weight every few hours.\n- Later, electric motors took over.\n\n` +
          '```js\nconst period = 10; // seconds per turn\nconsole.log(`one flash every ${period / 4} s`);\n```\n\n' +
          'Each light has its own *character*, so sailors can tell them apart at night.',
      });
  }
  return messages;
}
