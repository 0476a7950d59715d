// The browser host for the page cases, in its own process: in the app, main is a process of its
// own, so the bench's driver (Playwright, in the parent) must not share the host's event loop.
// Prints one JSON line when ready; exits on SIGTERM.
import { parseArgs } from 'node:util';
import { startWebHost } from '../src/host/server';
import { MemorySecretStore } from '../test/unit/keys/support/memory-secret-store';
import { LONG_CONVERSATION_TITLE, longConversation, type HostReady } from './long-conversation';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { hub: { type: 'string' }, secret: { type: 'string' }, 'data-dir': { type: 'string' }, conversation: { type: 'string' } },
  });
  if (!values.hub || !values.secret || !values['data-dir']) throw new Error('usage: host-process --hub URL --secret S --data-dir DIR');
  // Keys in memory: the bench measures painting, not the keychain.
  const host = await startWebHost({ dataDir: values['data-dir'], services: { secrets: new MemorySecretStore() } });
  const hub = await host.services.keys.addHub(values.hub);
  const key = await host.services.keys.addExistingKey({ hubId: hub.id, name: 'Bench', secret: values.secret });
  const ready: HostReady = { url: host.url, hubId: hub.id, keyId: key.id };
  if (values.conversation) {
    const conversation = host.services.playground.createConversation({
      title: LONG_CONVERSATION_TITLE,
      model: 'sandbox/prose',
      keyId: key.id,
      messages: longConversation(Number(values.conversation)),
    });
    ready.conversationId = conversation.id;
  }
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  process.once('SIGTERM', () => void host.close().finally(() => process.exit(0)));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
