// The sandbox hub's whole state, in memory, optionally mirrored to a JSON file
// (`--data FILE`) so keys, balances and history survive a restart.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ApprovalSession, CallRecord, FaultKind, KeyRecord, UserRecord } from './types';

export const DEFAULT_USER_DID = 'z1SandboxUserQ3fYk9Wm2hTnR7cXbJpE5';

interface PersistedState {
  version: 1;
  users: UserRecord[];
  keys: KeyRecord[];
  calls: CallRecord[];
  sessions: ApprovalSession[];
}

export interface StoreOptions {
  dataFile?: string | undefined;
  initialCredits: number;
}

export class SandboxStore {
  readonly users = new Map<string, UserRecord>();
  readonly keys = new Map<string, KeyRecord>();
  readonly sessions = new Map<string, ApprovalSession>();
  /** Sorted by callTime ascending, so range queries can binary-search. */
  calls: CallRecord[] = [];
  /** Faults queued per key for its next N model calls (not persisted). */
  readonly keyFaults = new Map<string, { fault: FaultKind; remaining: number }>();

  private readonly keysBySecret = new Map<string, string>();
  private readonly callsById = new Map<string, CallRecord>();
  private saveTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: StoreOptions) {
    if (options.dataFile && existsSync(options.dataFile)) this.load(options.dataFile);
    this.ensureUser(DEFAULT_USER_DID);
  }

  /** The user, created with the initial balance on first sight. */
  ensureUser(did: string): UserRecord {
    let user = this.users.get(did);
    if (!user) {
      const isDefault = did === DEFAULT_USER_DID;
      user = {
        did,
        fullName: isDefault ? 'Sandbox User' : `Sandbox User ${did.slice(-4)}`,
        email: isDefault ? 'sandbox-user@localhost' : `${did.slice(-8).toLowerCase()}@localhost`,
        avatar: '/__sandbox/avatar.svg',
        balance: this.options.initialCredits,
        granted: this.options.initialCredits,
        pending: 0,
      };
      this.users.set(did, user);
      this.changed();
    }
    return user;
  }

  addKey(key: KeyRecord): void {
    this.keys.set(key.accessKeyId, key);
    this.keysBySecret.set(key.secret, key.accessKeyId);
    this.changed();
  }

  keyBySecret(secret: string): KeyRecord | undefined {
    const id = this.keysBySecret.get(secret);
    return id === undefined ? undefined : this.keys.get(id);
  }

  callById(id: string): CallRecord | undefined {
    return this.callsById.get(id);
  }

  /** Adds one record, keeping calls sorted (live calls almost always go last). */
  addCall(record: CallRecord): void {
    const calls = this.calls;
    let index = calls.length;
    while (index > 0 && (calls[index - 1]?.callTime ?? 0) > record.callTime) index--;
    calls.splice(index, 0, record);
    this.callsById.set(record.id, record);
    this.changed();
  }

  /** Bulk insert (seeding): one sort instead of many splices. */
  addCalls(records: readonly CallRecord[]): void {
    for (const record of records) this.callsById.set(record.id, record);
    this.calls = this.calls.concat(records).sort((a, b) => a.callTime - b.callTime);
    this.changed();
  }

  /** Marks the state dirty; with a data file, writes it shortly after. */
  changed(): void {
    if (!this.options.dataFile || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.flush();
    }, 250);
    this.saveTimer.unref();
  }

  /** Writes the data file now (atomically: temp file, then rename). */
  flush(): void {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
    }
    const file = this.options.dataFile;
    if (!file) return;
    const state: PersistedState = {
      version: 1,
      users: [...this.users.values()],
      keys: [...this.keys.values()],
      calls: this.calls,
      sessions: [...this.sessions.values()],
    };
    mkdirSync(dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(state), { mode: 0o600 });
    renameSync(temp, file);
  }

  private load(file: string): void {
    const state = JSON.parse(readFileSync(file, 'utf8')) as Partial<PersistedState>;
    if (state.version !== 1) throw new Error(`${file}: not a sandbox hub data file (version ${String(state.version)})`);
    for (const user of state.users ?? []) this.users.set(user.did, user);
    for (const key of state.keys ?? []) {
      this.keys.set(key.accessKeyId, key);
      this.keysBySecret.set(key.secret, key.accessKeyId);
    }
    for (const session of state.sessions ?? []) this.sessions.set(session.id, session);
    this.calls = [...(state.calls ?? [])].sort((a, b) => a.callTime - b.callTime);
    for (const call of this.calls) this.callsById.set(call.id, call);
  }
}
