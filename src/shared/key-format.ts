/**
 * Key text facts every process may need, without pulling in zod (the page
 * imports this). A hub key is `blocklet-` followed by base58 (docs/hub-protocol.md §2).
 */
export const KEY_PREFIX = 'blocklet-';
export const KEY_SECRET_PATTERN_SOURCE = '^blocklet-[1-9A-HJ-NP-Za-km-z]+$';
