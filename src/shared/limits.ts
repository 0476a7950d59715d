/**
 * Size limits on what crosses the IPC boundary. The shape check runs before
 * any schema, so a huge or sparse payload is refused in time proportional to
 * the limits, not to what was sent. The browser host's WebSocket frame limit
 * sits above the largest payload these allow (JSON can spend up to 6 bytes on
 * one character), so a valid call always fits in one frame.
 */
export const PAYLOAD_LIMITS = {
  /** Nesting of objects and arrays. */
  maxDepth: 32,
  /** Elements in one array. */
  maxArrayLength: 100_000,
  /** Keys in one object. */
  maxObjectKeys: 1_000,
  /** Objects, arrays and values in the whole payload. */
  maxNodes: 2_000_000,
  /** Characters in all strings (keys included) together. */
  maxStringChars: 16_000_000,
} as const;

/** The browser host's WebSocket message limit: above the worst-case JSON size of a payload within PAYLOAD_LIMITS. */
export const MAX_FRAME_BYTES = 128 * 1024 * 1024;

/** Schema issues returned with one INVALID_INPUT error. */
export const MAX_REPORTED_ISSUES = 20;

/** The longest answer text kept from one chat call (characters). */
export const MAX_ANSWER_CHARS = 2_000_000;
