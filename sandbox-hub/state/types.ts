// Shared shapes of the sandbox hub's state. Field names follow the real hub
// (docs/hub-protocol.md §7) so records can be served as they are stored.

export type CallType = 'chatCompletion' | 'embedding' | 'imageGeneration';
export type CallStatus = 'processing' | 'success' | 'failed';

export interface UserRecord {
  did: string;
  fullName: string;
  email: string;
  avatar: string;
  /** Credits left to spend. */
  balance: number;
  /** Credits ever granted (quota `total`). */
  granted: number;
  /** Credits spent beyond the balance by the last call (the hub's "pending" amount). */
  pending: number;
}

export interface KeyRecord {
  accessKeyId: string;
  secret: string;
  /** The key's remark: its name in the dashboard and the project's appName in usage. */
  remark: string;
  userDid: string;
  /** ms since epoch */
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface UsageMetrics {
  inputTokens: number;
  outputTokens: number;
  cacheCreationInputTokens?: number;
  cacheReadInputTokens?: number;
}

export interface CallRecord {
  id: string;
  /** unix seconds */
  callTime: number;
  createdAt: string;
  updatedAt: string;
  /** Model name without the provider, as the hub stores it (`echo`, not `sandbox/echo`). */
  model: string;
  providerId: string;
  type: CallType;
  status: CallStatus;
  /** seconds */
  duration: number;
  /** ms to the first byte of the answer */
  ttfb: number;
  totalUsage: number;
  usageMetrics: UsageMetrics;
  credits: number;
  errorReason?: string;
  appDid: string;
  userDid: string;
  requestId?: string;
  traceId?: string;
  metadata?: { endpoint?: string };
}

export type SessionStatus = 'pending' | 'approved' | 'denied';

export interface ApprovalSession {
  id: string;
  type: 'access-key-simple';
  challenge: string;
  createdAt: string;
  updatedAt: string;
  status: SessionStatus;
  accessKeyId?: string;
  /** Encrypted as the hub does; the plain secret is never stored on the session. */
  accessKeySecret?: string;
  /** The key name asked for when the session was created (sandbox extension). */
  source?: string;
}

export const FAULT_KINDS = [
  'credit',
  'auth',
  'drop',
  'drop-socket',
  'server-error',
  'server-error-502',
  'slow-headers',
  'malformed',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export function isFaultKind(value: unknown): value is FaultKind {
  return typeof value === 'string' && (FAULT_KINDS as readonly string[]).includes(value);
}
