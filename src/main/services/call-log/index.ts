export { CallLogStore, DEFAULT_MAX_CALLS } from './store';
export type { CallLogStoreOptions } from './store';
export { JsonFileStore, openJsonFileStore } from './json-file-store';
