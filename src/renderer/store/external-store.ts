import { useSyncExternalStore } from 'react';

/**
 * The base every renderer store builds on: one value, replaced (never mutated) on change,
 * read by components through useSyncExternalStore.
 */
export class ExternalStore<T> {
  private readonly listeners = new Set<() => void>();

  constructor(protected state: T) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): T => this.state;

  protected set(patch: Partial<T>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of [...this.listeners]) listener();
  }
}

export function useStore<T>(store: ExternalStore<T>): T {
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}
