import { z } from 'zod';

/**
 * What the app knows about its own updates. `unavailable` says why the app
 * cannot update itself here (the browser host, an unpackaged development run);
 * the other states follow one check → download → install cycle.
 */
export const UPDATE_STATES = ['unavailable', 'idle', 'checking', 'upToDate', 'downloading', 'downloaded', 'error'] as const;
export const UPDATE_UNAVAILABLE_REASONS = ['browserHost', 'notPackaged'] as const;
/** Which step failed, and the one case worth naming apart: no connection. */
export const UPDATE_ERROR_REASONS = ['checkFailed', 'downloadFailed', 'installFailed', 'offline'] as const;

export const updateStatusSchema = z.object({
  state: z.enum(UPDATE_STATES),
  currentVersion: z.string().max(64),
  unavailableReason: z.enum(UPDATE_UNAVAILABLE_REASONS).optional(),
  /** The version being downloaded or ready to install. */
  version: z.string().max(64).optional(),
  /** Download progress, 0–100, with the byte counts behind it. */
  percent: z.number().min(0).max(100).optional(),
  transferred: z.number().nonnegative().optional(),
  total: z.number().nonnegative().optional(),
  bytesPerSecond: z.number().nonnegative().optional(),
  error: z
    .object({
      reason: z.enum(UPDATE_ERROR_REASONS),
      /** English log text and fallback; the page words the reason itself. */
      message: z.string().max(300),
    })
    .optional(),
  /** The user asked to restart and install, but a key generation or a stream is still running. */
  installDeferred: z.boolean(),
  /** ISO time of the last finished check. */
  checkedAt: z.string().optional(),
});
export type UpdateStatus = z.infer<typeof updateStatusSchema>;
export type UpdateState = (typeof UPDATE_STATES)[number];
export type UpdateUnavailableReason = (typeof UPDATE_UNAVAILABLE_REASONS)[number];
export type UpdateErrorReason = (typeof UPDATE_ERROR_REASONS)[number];
