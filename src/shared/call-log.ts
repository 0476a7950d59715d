import { z } from 'zod';

/**
 * The app's own record of a call it made from the playground: what the client
 * measured, to set beside what the hub billed. Never the prompt, the answer or
 * the key: only which key (local id and the hub's access key id) was used.
 */
export const clientCallSchema = z.object({
  id: z.string(),
  hubId: z.string(),
  keyId: z.string(),
  /** The hub's id for the key (`appDid` in usage records), when known. */
  accessKeyId: z.string().optional(),
  model: z.string(),
  kind: z.enum(['chat', 'image', 'embedding']),
  /** When the request was sent, ISO 8601. */
  startedAt: z.string(),
  /** Milliseconds to the first content byte (chat), to the answer otherwise. */
  ttfbMs: z.number().nonnegative().optional(),
  durationMs: z.number().nonnegative(),
  status: z.enum(['success', 'failed', 'stopped']),
  errorCode: z.string().optional(),
  promptTokens: z.number().int().nonnegative().optional(),
  completionTokens: z.number().int().nonnegative().optional(),
  /** Estimated from the model's published rates; the hub does not send credits per chat call. */
  estimatedCredits: z.number().nonnegative().optional(),
});
export type ClientCall = z.infer<typeof clientCallSchema>;
