/**
 * One of two processes writing the same data folder at once (two-writers.test.ts).
 * Usage: writer.ts <dataDir> <tag> <rounds> <vaultPassphrase>
 * Each round adds one call-log entry, one conversation, one hub record, one
 * usage-cache entry and one vault secret, all tagged, through the real stores.
 */
import { CallLogStore } from '../../../src/main/services/call-log';
import { VaultFileStore } from '../../../src/main/services/keychain';
import { metadataStoreFromKeyValue } from '../../../src/main/services/keys';
import { ConversationStore } from '../../../src/main/services/playground/conversations';
import { openSettingsStore } from '../../../src/main/services/storage';
import { openUsageCacheStore, UsageCache } from '../../../src/main/services/usage';
import { join } from 'node:path';

const [dir, tag, roundsText, passphrase] = process.argv.slice(2) as [string, string, string, string];
const rounds = Number(roundsText);

const calls = new CallLogStore(dir);
const conversations = new ConversationStore(dir);
const metadata = metadataStoreFromKeyValue(openSettingsStore(dir));
const cache = new UsageCache({ store: openUsageCacheStore(dir) });
const vault = new VaultFileStore(join(dir, 'keys.vault'));
await vault.unlock(passphrase);

for (let n = 0; n < rounds; n++) {
  const id = `${tag}-${n}`;
  calls.append({
    id,
    hubId: 'h',
    keyId: 'k',
    model: 'm',
    kind: 'chat',
    startedAt: new Date(Date.now()).toISOString(),
    durationMs: 1,
    status: 'success',
  });
  conversations.create({ model: 'm', title: id });
  const state = metadata.read();
  state.hubs.push({
    id,
    name: id,
    url: 'https://hub.example',
    origin: 'https://hub.example',
    mountUrl: 'https://hub.example/app',
    addedAt: new Date().toISOString(),
  });
  metadata.write(state);
  cache.put(`cache/${id}`, Date.now(), { n });
  await vault.set(id, `secret-${id}`);
}
process.stdout.write('done\n');
