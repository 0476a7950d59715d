/**
 * The small surface the app needs from a settings file. The storage layer's
 * JsonStore (storage/json-store.ts) provides it in the app, the browser host and tests.
 */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  readonly store: Record<string, unknown>;
  readonly path: string;
}

/** An in-memory store, for unit tests of code that only needs the interface. */
export function memoryStore(initial: Record<string, unknown> = {}): KeyValueStore {
  const data: Record<string, unknown> = structuredClone(initial);
  return {
    get: (key) => data[key],
    set: (key, value) => {
      data[key] = structuredClone(value);
    },
    delete: (key) => {
      delete data[key];
    },
    get store() {
      return structuredClone(data);
    },
    path: ':memory:',
  };
}
