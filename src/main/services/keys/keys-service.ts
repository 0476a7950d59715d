import { randomUUID } from 'node:crypto';
import { CODE_FORMATS, DEFAULT_EXAMPLE_MODEL, exportRequest } from '../../../shared/code-export';
import { AppError, isAppError } from '../../../shared/errors';
import {
  KEY_SECRET_PATTERN,
  maskKeySecret,
  type AddExistingKeyInput,
  type CopyKeyOptions,
  type CopyKeyResult,
  type ExampleFormat,
  type ForgetKeyResult,
  type GenerateKeyInput,
  type GenerateKeyResult,
  type GenerationProgress,
  type HubDTO,
  type HubRecord,
  type HubStatus,
  type HubUserInfo,
  type ImportFromCliResult,
  type KeyCheck,
  type KeychainHealth,
  type KeyDTO,
  type KeyExamplesResult,
  type KeyRecord,
  type KeySource,
  type RemoveHubResult,
  type RevealKeyResult,
  type RotateKeyResult,
  type UseForCliResult,
} from '../../../shared/keys';
import * as approvalFlow from '../hub/approval';
import { HubClient } from '../hub/client';
import { discoverHub, isLoopbackHost, parseHubAddress, refuseInsecureHttp, type DiscoveredHub } from '../hub/discover';
import { AigneCliKeychain } from '../keychain/aigne-cli';
import { accessKeyIdOf } from './access-key-id';
import { checkKeychainHealth } from '../keychain/health';
import type { SecretStore } from '../keychain/secret-store';
import { ClipboardGuard } from './clipboard-guard';
import { accessKeyAdminUrl, accessKeyDashboardUrl, envFormat, replacedName, baseKeyName, secretAccount } from './format';
import { Operations } from './operations';
import type { Browser, Clipboard, KeysState, MetadataStore } from './ports';
import { UndoBuffer } from './undo-buffer';

/** What KeysService needs of a hub client (HubClient in the app; swappable in tests). */
export interface HubClientLike {
  userInfo(key: string, signal?: AbortSignal): Promise<HubUserInfo>;
  status(key: string, signal?: AbortSignal): Promise<HubStatus>;
}

export type ApprovalFlow = Pick<
  typeof approvalFlow,
  'createSession' | 'approvalPageUrl' | 'pollSession' | 'deleteSession' | 'decryptAccessKeySecret'
>;

export interface KeysServiceOptions {
  appName?: string;
  appLogo?: string;
  userAgent?: string;
  pollIntervalMs?: number;
  approvalTimeoutMs?: number;
  /** How long a forgotten key can be restored (kept in memory only). */
  undoWindowMs?: number;
  /** The clock for creation and retirement times (tests). */
  now?: () => number;
  /** The address probed for a local sandbox hub on first run; null turns the probe off. */
  localHubUrl?: string | null;
}

export interface KeysServiceDeps {
  secrets: SecretStore;
  metadata: MetadataStore;
  clipboard: Clipboard;
  browser: Browser;
  cli?: AigneCliKeychain;
  hubClient?: (mountUrl: string) => HubClientLike;
  discover?: (url: string) => Promise<DiscoveredHub>;
  approval?: ApprovalFlow;
  options?: KeysServiceOptions;
}

interface Forgotten {
  record: KeyRecord;
  secret: string | null;
  wasDefault: boolean;
}

export const APP_NAME = 'AIGNE Hub Desktop';

/**
 * The key lifecycle: hubs, keys, the browser approval flow, checks, clipboard,
 * rotation, forget/undo and `aigne` CLI interop. Secrets live only in the
 * SecretStore (account `<hubId>:<keyId>`, see format.ts); metadata holds none.
 * Every method returns plain JSON-safe DTOs from src/shared/keys.ts.
 */
export class KeysService {
  private readonly secrets: SecretStore;
  private readonly metadata: MetadataStore;
  private readonly browser: Browser;
  private readonly clipboard: Clipboard;
  private readonly clipboardGuard: ClipboardGuard;
  private readonly operations = new Operations();
  private readonly forgotten = new UndoBuffer<Forgotten>();
  private readonly approval: ApprovalFlow;
  private readonly discover: (url: string) => Promise<DiscoveredHub>;
  private readonly makeClient: (mountUrl: string) => HubClientLike;
  private readonly cliOverride: AigneCliKeychain | undefined;
  private readonly opts: Required<Pick<KeysServiceOptions, 'appName' | 'undoWindowMs'>> & KeysServiceOptions;

  constructor(deps: KeysServiceDeps) {
    this.secrets = deps.secrets;
    this.metadata = deps.metadata;
    this.browser = deps.browser;
    this.clipboard = deps.clipboard;
    this.clipboardGuard = new ClipboardGuard(deps.clipboard);
    this.approval = deps.approval ?? approvalFlow;
    this.opts = { appName: APP_NAME, undoWindowMs: 10_000, ...deps.options };
    const userAgent = this.opts.userAgent;
    this.discover = deps.discover ?? ((url) => discoverHub(url, userAgent ? { userAgent } : {}));
    this.makeClient = deps.hubClient ?? ((mountUrl) => new HubClient(mountUrl, userAgent ? { userAgent } : {}));
    this.cliOverride = deps.cli;
  }

  // ---------------------------------------------------------------- hubs

  async listHubs(): Promise<HubDTO[]> {
    const state = this.metadata.read();
    return [...state.hubs].sort(byDate((h) => h.addedAt)).map((h) => hubDto(h, state));
  }

  /**
   * Finds the hub behind `url` and saves it; adding a hub already saved returns that one.
   * Plain http only for loopback, unless the user confirmed the risk (`allowInsecureHttp`).
   */
  async addHub(url: string, name?: string, options: { allowInsecureHttp?: boolean } = {}): Promise<HubDTO> {
    const chosenName = name === undefined ? undefined : cleanName(name, 'hub');
    refuseInsecureHttp(parseHubAddress(url), options.allowInsecureHttp);
    const found = await this.discover(url);
    const insecure = new URL(found.origin).protocol === 'http:' && !isLoopbackHost(new URL(found.origin).hostname);
    refuseInsecureHttp(new URL(found.origin), options.allowInsecureHttp);
    let hubId = '';
    this.mutate((state) => {
      const existing = state.hubs.find((h) => sameUrl(h.mountUrl, found.mountUrl));
      if (existing) {
        hubId = existing.id;
        return;
      }
      hubId = randomUUID();
      state.hubs.push({
        id: hubId,
        name: chosenName ?? found.name ?? new URL(found.origin).host,
        url: url.trim(),
        origin: found.origin,
        mountUrl: found.mountUrl,
        addedAt: new Date().toISOString(),
        ...(insecure ? { insecureHttp: true as const } : {}),
      });
    });
    return this.hubDtoById(hubId);
  }

  async renameHub(id: string, name: string): Promise<HubDTO> {
    const clean = cleanName(name, 'hub');
    this.mutate((state) => {
      findHub(state, id).name = clean;
    });
    return this.hubDtoById(id);
  }

  /** Removes a hub. With keys still saved it refuses unless `forgetKeys`, which deletes them too. */
  async removeHub(id: string, options: { forgetKeys: boolean }): Promise<RemoveHubResult> {
    const state = this.metadata.read();
    findHub(state, id);
    const keys = state.keys.filter((k) => k.hubId === id);
    if (keys.length > 0 && !options.forgetKeys) {
      throw new AppError(
        'INVALID_INPUT',
        `This hub still has ${keys.length} saved key${keys.length === 1 ? '' : 's'}. Remove them first, or confirm removing the hub together with its keys.`,
        { reason: 'hubHasKeys', count: keys.length },
      );
    }
    for (const key of keys) await this.secrets.delete(secretAccount(id, key.id));
    this.mutate((s) => {
      s.hubs = s.hubs.filter((h) => h.id !== id);
      s.keys = s.keys.filter((k) => k.hubId !== id);
    });
    return { removedKeyIds: keys.map((k) => k.id) };
  }

  async setDefaultKey(hubId: string, keyId: string): Promise<HubDTO> {
    this.mutate((state) => {
      const hub = findHub(state, hubId);
      const key = findKey(state, keyId);
      if (key.hubId !== hubId) throw new AppError('INVALID_INPUT', 'That key belongs to a different hub.', { reason: 'keyOfOtherHub' });
      hub.defaultKeyId = keyId;
    });
    return this.hubDtoById(hubId);
  }

  // ---------------------------------------------------------------- keys

  async listKeys(hubId?: string): Promise<KeyDTO[]> {
    const state = this.metadata.read();
    if (hubId !== undefined) findHub(state, hubId);
    return state.keys
      .filter((k) => hubId === undefined || k.hubId === hubId)
      .sort(byDate((k) => k.createdAt))
      .map((k) => keyDto(k, state));
  }

  /**
   * The browser approval flow: open a session, send the user to the hub to
   * approve (the key's name becomes its name on the hub), poll, decrypt, verify,
   * save. The only method that returns a new key's secret — for the show-once dialog.
   */
  async generateKey(input: GenerateKeyInput, onProgress?: (p: GenerationProgress) => void): Promise<GenerateKeyResult> {
    const hub = findHub(this.metadata.read(), input.hubId);
    const name = cleanName(input.name, 'key');
    const operationId = input.operationId ?? randomUUID();
    const signal = this.operations.start(operationId);
    const started = Date.now();
    const request = { signal, ...(this.opts.userAgent ? { userAgent: this.opts.userAgent } : {}) };
    let sessionId: string | undefined;
    try {
      const session = await this.approval.createSession(hub.origin, request);
      sessionId = session.id;
      const approvalUrl = this.approval.approvalPageUrl(hub.origin, session.id, {
        source: name,
        appName: this.opts.appName,
        ...(this.opts.appLogo ? { appLogo: this.opts.appLogo } : {}),
      });
      let attempt = 0;
      const approvalTimeoutMs = this.opts.approvalTimeoutMs ?? approvalFlow.DEFAULT_APPROVAL_TIMEOUT_MS;
      const emit = (phase: GenerationProgress['phase']) =>
        onProgress?.({ operationId, phase, attempt, elapsedMs: Date.now() - started, timeoutMs: approvalTimeoutMs, approvalUrl });
      emit('waiting-for-approval');
      // If no browser opens, the dialog still shows the link to open by hand.
      await this.browser.openExternal(approvalUrl).catch(() => undefined);

      const approved = await this.approval.pollSession(hub.origin, session.id, {
        ...request,
        ...(this.opts.pollIntervalMs !== undefined ? { intervalMs: this.opts.pollIntervalMs } : {}),
        timeoutMs: approvalTimeoutMs,
        onAttempt: (p) => {
          attempt = p.attempt;
          emit('waiting-for-approval');
        },
      });
      // Close the session before anything else: while it is open, any local process that
      // learned its id (it is in the approval link) could poll and decrypt the same key.
      sessionId = undefined;
      await this.approval
        .deleteSession(hub.origin, session.id, this.opts.userAgent ? { userAgent: this.opts.userAgent } : {})
        .catch(() => undefined);
      // The challenge we were given at creation, never the poll's copy (a hub could swap it).
      const secret = this.approval.decryptAccessKeySecret(approved.accessKeySecret, session.challenge, approved.accessKeyId);

      emit('verifying');
      const info = await this.makeClient(hub.mountUrl).userInfo(secret, signal);
      emit('saving');
      const key = await this.saveNewKey(hub, {
        name,
        note: input.note,
        usedBy: input.usedBy,
        secret,
        accessKeyId: approved.accessKeyId,
        source: 'generated',
        lastCheck: passedCheck(info),
      });
      return { key, secret };
    } finally {
      this.operations.finish(operationId);
      // Close the session even on failure or cancel, so the encrypted key is never served again.
      if (sessionId) await this.approval.deleteSession(hub.origin, sessionId).catch(() => undefined);
    }
  }

  /** Stops a running generation; false when nothing runs under that id. */
  /** Key generations (and rotations) in flight: the app must not restart under them. */
  runningGenerations(): number {
    return this.operations.size;
  }

  async cancelGeneration(operationId: string): Promise<boolean> {
    return this.operations.cancel(operationId);
  }

  /** Saves a key the user pasted, after the hub confirms it. A refused key is not stored. */
  async addExistingKey(input: AddExistingKeyInput): Promise<KeyDTO> {
    const hub = findHub(this.metadata.read(), input.hubId);
    const name = cleanName(input.name, 'key');
    const secret = input.secret.trim();
    if (!KEY_SECRET_PATTERN.test(secret)) {
      throw new AppError(
        'INVALID_INPUT',
        'That is not a hub key. AIGNE Hub keys start with "blocklet-" followed by letters and digits; copy the whole key and try again.',
        { reason: 'notAHubKey' },
      );
    }
    await this.refuseDuplicate(hub.id, secret);
    const info = await this.makeClient(hub.mountUrl).userInfo(secret);
    return this.saveNewKey(hub, { name, note: input.note, secret, source: 'pasted', lastCheck: passedCheck(info) });
  }

  /** Asks the hub about the key (no credits spent) and saves the outcome as `lastCheck`. */
  async checkKey(keyId: string): Promise<KeyDTO> {
    const { key, hub } = this.requireKey(keyId);
    const secret = await this.secrets.get(secretAccount(hub.id, key.id));
    let lastCheck: KeyCheck;
    if (secret === null) {
      lastCheck = failedCheck(missingSecret(key));
    } else {
      const client = this.makeClient(hub.mountUrl);
      try {
        const [info, status] = await Promise.all([client.userInfo(secret), client.status(secret).catch(() => undefined)]);
        lastCheck = passedCheck(info, status);
      } catch (error) {
        if (!isAppError(error)) throw error;
        lastCheck = failedCheck(error);
      }
    }
    this.mutate((state) => {
      findKey(state, keyId).lastCheck = lastCheck;
    });
    return this.keyDtoById(keyId);
  }

  /**
   * Copies the key (or `AIGNE_HUB_API_URL=…\nAIGNE_HUB_API_KEY=…`) and clears the
   * clipboard after `clearAfterMs` if it still holds exactly that text.
   */
  async copyKey(keyId: string, options: CopyKeyOptions): Promise<CopyKeyResult> {
    const { key, hub } = this.requireKey(keyId);
    const secret = await this.requireSecret(key);
    const text = options.format === 'env' ? envFormat(hub.mountUrl, secret) : secret;
    const clearsAt = await this.clipboardGuard.copy(text, options.clearAfterMs);
    return { clearsAt: clearsAt.toISOString() };
  }

  /** The secret, on an explicit user action ("reveal"). */
  async revealKey(keyId: string): Promise<RevealKeyResult> {
    const { key } = this.requireKey(keyId);
    return { secret: await this.requireSecret(key) };
  }

  /**
   * Generates a replacement through the approval flow, verifies it and makes
   * it the hub's default. The old key stays saved (and valid) until the user
   * revokes it on the hub's dashboard and forgets it here: no downtime.
   */
  async rotateKey(
    keyId: string,
    onProgress?: (p: GenerationProgress) => void,
    options: { operationId?: string } = {},
  ): Promise<RotateKeyResult> {
    const { key: oldKey, hub } = this.requireKey(keyId);
    const { key: created } = await this.generateKey(
      {
        hubId: hub.id,
        name: baseKeyName(oldKey.name),
        ...(oldKey.note !== undefined ? { note: oldKey.note } : {}),
        // The replacement serves the same applications.
        ...(oldKey.usedBy?.length ? { usedBy: oldKey.usedBy } : {}),
        ...(options.operationId ? { operationId: options.operationId } : {}),
      },
      onProgress,
    );
    this.mutate((state) => {
      findHub(state, hub.id).defaultKeyId = created.id;
      findKey(state, oldKey.id).name = replacedName(oldKey.name, new Date(this.opts.now?.() ?? Date.now()));
    });
    return {
      newKey: this.keyDtoById(created.id),
      oldKey: this.keyDtoById(oldKey.id),
      dashboardUrl: accessKeyDashboardUrl(hub.origin),
      adminUrl: accessKeyAdminUrl(hub.origin),
    };
  }

  /**
   * Removes the key from the keychain and the list. For `undoWindowMs` the
   * secret is kept in memory (never on disk) so `undoForget` can restore it.
   * This does not revoke the key on the hub.
   */
  async forgetKey(keyId: string): Promise<ForgetKeyResult> {
    const { key, hub } = this.requireKey(keyId);
    const account = secretAccount(hub.id, key.id);
    const secret = await this.secrets.get(account);
    await this.secrets.delete(account);
    const wasDefault = hub.defaultKeyId === key.id;
    try {
      this.mutate((state) => {
        state.keys = state.keys.filter((k) => k.id !== keyId);
        const h = findHub(state, hub.id);
        if (h.defaultKeyId === keyId) delete h.defaultKeyId;
      });
    } catch (error) {
      if (secret !== null) await this.secrets.set(account, secret).catch(() => undefined);
      throw error;
    }
    const { token, expiresAt } = this.forgotten.stash({ record: key, secret, wasDefault }, this.opts.undoWindowMs);
    return { undoToken: token, expiresAt: expiresAt.toISOString() };
  }

  /** Restores a key forgotten moments ago. */
  async undoForget(undoToken: string): Promise<KeyDTO> {
    const entry = this.forgotten.take(undoToken);
    if (!entry) {
      throw new AppError('NOT_FOUND', 'It is too late to undo: the key has already been forgotten. If you still have it, add it again.', {
        reason: 'undoTooLate',
      });
    }
    const { record, secret, wasDefault } = entry;
    if (!this.metadata.read().hubs.some((h) => h.id === record.hubId)) {
      throw new AppError('NOT_FOUND', 'The key cannot be restored because its hub was removed.', { reason: 'undoHubRemoved' });
    }
    if (secret !== null) await this.secrets.set(secretAccount(record.hubId, record.id), secret);
    this.mutate((state) => {
      if (!state.keys.some((k) => k.id === record.id)) state.keys.push(record);
      const hub = findHub(state, record.hubId);
      if (wasDefault && !hub.defaultKeyId) hub.defaultKeyId = record.id;
    });
    return this.keyDtoById(record.id);
  }

  // ---------------------------------------------------------------- hygiene

  /** Records which applications use the key (trimmed, duplicates dropped whatever their case). */
  async setUsedBy(keyId: string, usedBy: readonly string[]): Promise<KeyDTO> {
    const clean = cleanApps(usedBy);
    this.mutate((state) => {
      const key = findKey(state, keyId);
      if (clean.length) key.usedBy = clean;
      else delete key.usedBy;
    });
    return this.keyDtoById(keyId);
  }

  /** Marks the key retired (any later use is flagged), or active again. */
  async setRetired(keyId: string, retired: boolean): Promise<KeyDTO> {
    this.mutate((state) => {
      const key = findKey(state, keyId);
      if (!retired) delete key.retiredAt;
      else key.retiredAt ??= this.isoNow();
    });
    return this.keyDtoById(keyId);
  }

  /**
   * Ready-to-paste code for the key's hub in every format. The examples read
   * the key from AIGNE_HUB_API_KEY: this method never touches the secret.
   */
  async examples(keyId: string, model: string = DEFAULT_EXAMPLE_MODEL): Promise<KeyExamplesResult> {
    const { key, hub } = this.requireKey(keyId);
    const request = { model, messages: [{ role: 'user' as const, content: 'Hello! What can you do?' }] };
    const accessKeyId = key.accessKeyId;
    const examples = Object.fromEntries(
      CODE_FORMATS.map((format) => [format, exportRequest(request, { format, mountUrl: hub.mountUrl, stream: false, accessKeyId })]),
    ) as Record<ExampleFormat, string>;
    return { mountUrl: hub.mountUrl, model, examples };
  }

  /** Puts one example on the clipboard. It holds no secret, so it is not cleared later. */
  async copyExample(keyId: string, format: ExampleFormat, model?: string): Promise<{ copied: true }> {
    const { examples } = await this.examples(keyId, model);
    await this.clipboard.writeText(examples[format]);
    return { copied: true };
  }

  // ---------------------------------------------------------------- aigne CLI

  /** Writes the key where the `aigne` CLI looks for this hub, and makes the hub the CLI's default. */
  async useForCli(keyId: string): Promise<UseForCliResult> {
    const { key, hub } = this.requireKey(keyId);
    const secret = await this.requireSecret(key);
    return this.cli().writeCliKey(hub.mountUrl, secret, { makeDefault: true });
  }

  /**
   * Imports the keys the `aigne` CLI saved in the keychain. Each must be
   * accepted by its hub; unknown hubs are discovered and added. Entries that
   * cannot be imported are listed with the reason.
   */
  async importFromCli(): Promise<ImportFromCliResult> {
    const result: ImportFromCliResult = { imported: [], skipped: [] };
    for (const entry of await this.cli().readCliKeys()) {
      try {
        if (!KEY_SECRET_PATTERN.test(entry.key))
          throw new AppError('INVALID_INPUT', 'The CLI entry does not hold a hub key.', { reason: 'cliEntryNotKey' });
        const known = this.metadata.read().hubs.find((h) => sameUrl(h.mountUrl, entry.url));
        const hubId = known?.id ?? (await this.addHub(entry.url)).id;
        const hub = findHub(this.metadata.read(), hubId);
        await this.refuseDuplicate(hub.id, entry.key);
        const info = await this.makeClient(hub.mountUrl).userInfo(entry.key);
        result.imported.push(
          await this.saveNewKey(hub, {
            name: `aigne CLI (${entry.host})`,
            secret: entry.key,
            source: 'cli-import',
            lastCheck: passedCheck(info),
          }),
        );
      } catch (error) {
        if (!isAppError(error) || error.code === 'KEYCHAIN_UNAVAILABLE') throw error;
        result.skipped.push({ host: entry.host, reason: error.message });
      }
    }
    return result;
  }

  // ---------------------------------------------------------------- misc

  /** Round-trips a sentinel through the secret store (see keychain/health.ts). */
  async checkKeychain(): Promise<KeychainHealth> {
    return checkKeychainHealth(this.secrets);
  }

  /** On quit: stop generations, drop undo buffers, clear a secret still on the clipboard. */
  dispose(): void {
    this.operations.cancelAll();
    this.forgotten.dispose();
    this.clipboardGuard.dispose();
  }

  // ---------------------------------------------------------------- internals

  private isoNow(): string {
    return new Date(this.opts.now?.() ?? Date.now()).toISOString();
  }

  private cli(): AigneCliKeychain {
    return this.cliOverride ?? new AigneCliKeychain();
  }

  /** Secret first, then metadata; if metadata fails the secret is removed again. */
  private async saveNewKey(
    hub: HubRecord,
    input: {
      name: string;
      note?: string | undefined;
      usedBy?: readonly string[] | undefined;
      secret: string;
      accessKeyId?: string;
      source: KeySource;
      lastCheck: KeyCheck;
    },
  ): Promise<KeyDTO> {
    const id = randomUUID();
    const account = secretAccount(hub.id, id);
    const usedBy = cleanApps(input.usedBy ?? []);
    // Pasted and CLI-imported keys come without an id: derive it, so their usage can be attributed.
    const accessKeyId = input.accessKeyId ?? accessKeyIdOf(input.secret);
    await this.secrets.set(account, input.secret);
    const record: KeyRecord = {
      id,
      hubId: hub.id,
      name: input.name,
      createdAt: this.isoNow(),
      masked: maskKeySecret(input.secret),
      source: input.source,
      lastCheck: input.lastCheck,
      ...(input.note ? { note: input.note } : {}),
      ...(usedBy.length ? { usedBy } : {}),
      ...(accessKeyId ? { accessKeyId } : {}),
    };
    try {
      this.mutate((state) => {
        const h = findHub(state, hub.id);
        state.keys.push(record);
        h.defaultKeyId ??= id;
      });
    } catch (error) {
      await this.secrets.delete(account).catch(() => undefined);
      throw error;
    }
    return this.keyDtoById(id);
  }

  /** Same secret already saved for this hub? Compares only keys with the same mask. */
  private async refuseDuplicate(hubId: string, secret: string): Promise<void> {
    const masked = maskKeySecret(secret);
    for (const key of this.metadata.read().keys) {
      if (key.hubId !== hubId || key.masked !== masked) continue;
      if ((await this.secrets.get(secretAccount(hubId, key.id))) === secret) {
        throw new AppError('INVALID_INPUT', `This key is already saved as "${key.name}".`, {
          reason: 'duplicateKey',
          name: key.name,
          keyId: key.id,
        });
      }
    }
  }

  private async requireSecret(key: KeyRecord): Promise<string> {
    const secret = await this.secrets.get(secretAccount(key.hubId, key.id));
    if (secret === null) throw missingSecret(key);
    return secret;
  }

  private requireKey(keyId: string): { key: KeyRecord; hub: HubRecord } {
    const state = this.metadata.read();
    const key = findKey(state, keyId);
    return { key, hub: findHub(state, key.hubId) };
  }

  /** Read, change, write — synchronously, so no other call can interleave. */
  private mutate(change: (state: KeysState) => void): void {
    const state = structuredClone(this.metadata.read());
    change(state);
    this.metadata.write(state);
  }

  private hubDtoById(id: string): HubDTO {
    const state = this.metadata.read();
    return hubDto(findHub(state, id), state);
  }

  private keyDtoById(id: string): KeyDTO {
    const state = this.metadata.read();
    return keyDto(findKey(state, id), state);
  }
}

function findHub(state: KeysState, id: string): HubRecord {
  const hub = state.hubs.find((h) => h.id === id);
  if (!hub)
    throw new AppError('NOT_FOUND', 'That hub is no longer in your list. Refresh and try again.', { reason: 'hubNotListed', hubId: id });
  return hub;
}

function findKey(state: KeysState, id: string): KeyRecord {
  const key = state.keys.find((k) => k.id === id);
  if (!key)
    throw new AppError('NOT_FOUND', 'That key is no longer in your list. Refresh and try again.', { reason: 'keyNotListed', keyId: id });
  return key;
}

function hubDto(hub: HubRecord, state: KeysState): HubDTO {
  return { ...hub, keyCount: state.keys.filter((k) => k.hubId === hub.id).length };
}

function keyDto(key: KeyRecord, state: KeysState): KeyDTO {
  return { ...key, isDefault: state.hubs.some((h) => h.id === key.hubId && h.defaultKeyId === key.id) };
}

function missingSecret(key: KeyRecord): AppError {
  return new AppError(
    'NOT_FOUND',
    `The secret for "${key.name}" is missing from the keychain (it may have been deleted outside the app). Forget this key and add it again.`,
    { reason: 'secretMissing', name: key.name, keyId: key.id },
  );
}

function passedCheck(info: HubUserInfo, status?: HubStatus): KeyCheck {
  const check: KeyCheck = { at: new Date().toISOString(), ok: true, user: info.user.fullName || info.user.did };
  if (info.credits.balance !== undefined) check.balance = info.credits.balance;
  if (status) check.available = status.available;
  if (status && !status.available && status.error) check.message = status.error;
  return check;
}

function failedCheck(error: AppError): KeyCheck {
  return { at: new Date().toISOString(), ok: false, message: error.message, code: error.code };
}

function cleanName(name: string, what: 'hub' | 'key'): string {
  const clean = typeof name === 'string' ? name.trim() : '';
  if (!clean)
    throw new AppError('INVALID_INPUT', `Give the ${what} a name.`, { reason: what === 'hub' ? 'hubNameMissing' : 'keyNameMissing' });
  if (clean.length > 80)
    throw new AppError('INVALID_INPUT', `Keep the ${what} name under 80 characters.`, {
      reason: what === 'hub' ? 'hubNameTooLong' : 'keyNameTooLong',
      max: 80,
    });
  return clean;
}

/** Application names as the user wrote them, trimmed, each once (case-insensitively), at most 20 of 60 characters. */
function cleanApps(names: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of names) {
    const name = typeof raw === 'string' ? raw.trim().slice(0, 60) : '';
    if (!name || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    out.push(name);
  }
  return out.slice(0, 20);
}

function sameUrl(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

function byDate<T>(get: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => get(a).localeCompare(get(b));
}
